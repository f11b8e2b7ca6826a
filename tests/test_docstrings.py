"""Every public name of ``xhduty.core`` says what it returns and raises (issue 13: "Public functions of core
document their return shapes").

Public means: a module-level function or class whose name does not start with ``_``, and a method of such a
class (properties included) that is neither private nor a dunder.  A docstring of only whitespace counts as
none.  The test names each missing one as ``path:line name``.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "xhduty"
DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _public_names(tree: ast.Module):
    """Yield ``(node, qualified name)`` for the module's public functions, classes and their public methods."""
    for node in tree.body:
        if not isinstance(node, DEFINITIONS) or node.name.startswith("_"):
            continue
        yield node, node.name
        if isinstance(node, ast.ClassDef):
            for member in node.body:
                if isinstance(member, (ast.FunctionDef, ast.AsyncFunctionDef)) and not member.name.startswith("_"):
                    yield member, f"{node.name}.{member.name}"


def test_public_names_of_core_have_docstrings():
    walked, missing = 0, []
    for path in sorted((PACKAGE / "core").rglob("*.py")):
        where = path.relative_to(PACKAGE.parent).as_posix()
        for node, name in _public_names(ast.parse(path.read_text("utf-8"), str(path))):
            walked += 1
            if not (ast.get_docstring(node) or "").strip():
                missing.append(f"{where}:{node.lineno} {name}")
    assert walked > 100, f"only {walked} public names found under {PACKAGE / 'core'}: is the path right?"
    assert not missing, "public names of core without a docstring:\n" + "\n".join(missing)


def test_a_blank_docstring_counts_as_none():
    tree = ast.parse('def shown():\n    """Shown."""\n\ndef blank():\n    """   """\n\n'
                     'class Kind:\n    """A kind."""\n    @property\n    def label(self): return ""\n'
                     '    def __repr__(self): return ""\n    def _hidden(self): pass\n\ndef _private(): pass\n')
    found = {name: bool((ast.get_docstring(node) or "").strip()) for node, name in _public_names(tree)}
    assert found == {"shown": True, "blank": False, "Kind": True, "Kind.label": False}
