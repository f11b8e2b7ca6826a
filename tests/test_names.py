"""No module of xhduty uses a name it never defines.

Such a name raises NameError only when its line runs — a button an officer clicks, a rare branch — and the
hazards lists tab shipped with one (``run_op`` used, never imported).  pyflakes reads every module without
running it; only its undefined-name findings fail this test (style is not its business)."""

from __future__ import annotations

from pathlib import Path

from pyflakes import api, messages
from pyflakes.reporter import Reporter

ROOT = Path(__file__).resolve().parents[1]
UNDEFINED = (messages.UndefinedName, messages.UndefinedLocal, messages.UndefinedExport)


class _Collect(Reporter):
    def __init__(self):
        self.found: list[str] = []

    def flake(self, message) -> None:
        if isinstance(message, UNDEFINED):
            self.found.append(str(message))

    def syntaxError(self, filename, msg, lineno, offset, text) -> None:  # noqa: N802 (pyflakes' name)
        self.found.append(f"{filename}:{lineno}: {msg}")

    def unexpectedError(self, filename, msg) -> None:  # noqa: N802 (pyflakes' name)
        self.found.append(f"{filename}: {msg}")


def undefined_names(paths: list[Path]) -> list[str]:
    """``path:line: undefined name 'x'`` for every use of a name never defined, in ``paths``' modules."""
    reporter = _Collect()
    for path in paths:
        api.checkPath(str(path), reporter)
    return reporter.found


def test_no_module_uses_a_name_it_never_defines():
    modules = sorted((ROOT / "xhduty").rglob("*.py")) + sorted((ROOT / "bench").glob("*.py"))
    assert len(modules) > 100
    assert undefined_names(modules) == []


def test_the_check_sees_a_missing_import(tmp_path):
    module = tmp_path / "pane.py"
    module.write_text("from xhduty.ui.forms import creates_once\n\n\ndef save(ctx):\n    return run_op(ctx)\n")
    assert [m.split(": ", 1)[1] for m in undefined_names([module])] == ["undefined name 'run_op'"]
