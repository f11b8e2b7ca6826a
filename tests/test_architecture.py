"""The layering and the single write path, enforced rather than only stated (DESIGN.md, HACKING.md).

- ``xhduty.core`` never imports Qt, the window, sync, the hub, printouts or the commands;
- SQL that changes data appears only in the write path (``core/store.py``, the hub's ``hub/store.py`` and its
  two storage backends) or as
  the statement handed to ``tx.execute_local`` (station-local tables, inside a write transaction);
- the window and the commands do not open write transactions themselves: they call core operations.
  A place that still did would be listed in ``OPENS_A_TRANSACTION`` (issue 13 moved the last ones into core);
  the test fails on a new one and on a listed one that no longer does, so the list stays true.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "xhduty"
CORE_MAY_NOT_IMPORT = ("PySide6", "shiboken6", "pyqtgraph", "xhduty.ui", "xhduty.sync", "xhduty.hub",
                       "xhduty.reports", "xhduty.commands")
WRITE_SQL = re.compile(r"\b(INSERT\s+(OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE\s+[\w{}.]+\s+SET|DELETE\s+FROM|"
                       r"DROP\s+TABLE|ALTER\s+TABLE)\b", re.I)
WRITE_PATH = {"core/store.py", "hub/store.py", "hub/sqlite_db.py", "hub/postgres_db.py"}   # the hub: rules, 2 backends
OPENS_A_TRANSACTION: set[str] = set()


def _modules(under: str = ""):
    for path in sorted((PACKAGE / under).rglob("*.py")):
        yield path.relative_to(PACKAGE).as_posix(), ast.parse(path.read_text("utf-8"), str(path))


def _imports(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def _text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def _write_sql_outside_the_write_path(tree: ast.AST) -> list[tuple[int, str]]:
    handed_to_tx = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "execute_local":
            handed_to_tx |= {id(inner) for arg in node.args for inner in ast.walk(arg)}
    found = []
    for node in ast.walk(tree):
        text = _text(node)
        if text and WRITE_SQL.search(text) and id(node) not in handed_to_tx:
            # a string inside an f-string is seen twice (the JoinedStr and its parts): report the whole once
            if not isinstance(node, ast.Constant) or not any(id(node) in {id(v) for v in j.values}
                                                             for j in ast.walk(tree) if isinstance(j, ast.JoinedStr)):
                found.append((node.lineno, text.strip()[:60]))
    return found


def _opens_a_write_transaction(tree: ast.AST) -> bool:
    return any(isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "write"
               and not node.args and isinstance(node.func.value, (ast.Name, ast.Attribute))
               and (getattr(node.func.value, "id", None) == "store" or getattr(node.func.value, "attr", None) == "store")
               for node in ast.walk(tree))


def test_core_never_imports_qt_the_window_sync_or_printouts():
    wrong = [f"{name}: {imported}" for name, tree in _modules("core") for imported in _imports(tree)
             if imported.startswith(CORE_MAY_NOT_IMPORT)]
    assert not wrong, "core must stay free of these layers:\n" + "\n".join(wrong)


def test_sql_that_writes_is_only_in_the_write_path():
    wrong = [f"{name}:{line}: {text}" for name, tree in _modules() if name not in WRITE_PATH
             for line, text in _write_sql_outside_the_write_path(tree)]
    assert not wrong, "write through store.write() / tx.execute_local only:\n" + "\n".join(wrong)


def test_the_window_and_commands_leave_transactions_to_core():
    opening = {name for layer in ("ui", "commands", "reports") for name, tree in _modules(layer)
               if _opens_a_write_transaction(tree)}
    assert opening - OPENS_A_TRANSACTION == set(), "new: call a core operation instead of store.write()"
    assert OPENS_A_TRANSACTION - opening == set(), "no longer opens one: take it off OPENS_A_TRANSACTION"


def test_the_scanners_see_what_they_look_for():
    tree = ast.parse('con.execute("DELETE FROM log_entries")\n'
                     'tx.execute_local("t", "DELETE FROM t WHERE x = ?", (1,))\n'
                     'f"UPDATE {table} SET a = 1"\n'
                     'from PySide6.QtCore import Qt\n'
                     'with self.ctx.store.write() as tx:\n    pass\n')
    assert sorted(line for line, _ in _write_sql_outside_the_write_path(tree)) == [1, 3]
    assert "PySide6.QtCore" in set(_imports(tree))
    assert _opens_a_write_transaction(tree)
    assert not _opens_a_write_transaction(ast.parse("path.write()"))
