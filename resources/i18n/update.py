"""Bring the English catalogue up to date with the UI's source strings, then compile it.

    python resources/i18n/update.py

Runs pyside6-lupdate over xhduty/ui/**/*.py (and core_labels.py, written here first) into xhduty_en.ts (new strings arrive marked unfinished,
strings no longer in the code are dropped, translations already made are kept), then pyside6-lrelease
into xhduty_en.qm, which the app loads when XHDUTY_LANG=en.  Translate the unfinished entries (Qt
Linguist, or by hand in the XML), run it again, and commit both files.  Exits 1 while any entry is
still unfinished, naming them, so a forgotten translation does not go unnoticed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TS = HERE / "xhduty_en.ts"
QM = HERE / "xhduty_en.qm"
CORE_LABELS = HERE / "core_labels.py"


def tool(name: str) -> str:
    """A Qt tool shipped with the PySide6 wheel, found on PATH or beside this Python."""
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if not found:
        raise SystemExit(f"找不到 {name}：请先安装 PySide6（pip install PySide6）。")
    return found


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "xhduty" / "ui").rglob("*.py"))


def core_labels() -> list[str]:
    """Names the core keeps as plain Chinese data (it never imports Qt) and the UI shows through
    translate("labels", …): the registers and their fields, the fields of a call record and of a report,
    the states of incidents and deadlines."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from xhduty.core.resources import assets
    from xhduty.core.incidents import deadlines
    from xhduty.core.duty import duty
    from xhduty.core.incidents import incidents

    labels = set(deadlines.STATE_NAMES.values()) | set(incidents.STATUS_NAMES.values())
    labels |= {label for _, label in duty.INTAKE_FIELDS + incidents.REPORT_FIELDS}
    for kind in assets.KINDS.values():
        labels |= {kind.label, *(f.label for f in kind.fields)}
    from xhduty.core.hazards import hazards, lists
    labels |= {*hazards.LABELS.values(), *hazards.STATES.values(), *hazards.STEP_LABELS.values(),
               *lists.KINDS.values(), *lists.STATES}
    return sorted(labels)


def write_core_labels(path: Path) -> None:
    """A Python file lupdate can read, naming each core label once with QT_TRANSLATE_NOOP."""
    lines = ['"""Written by resources/i18n/update.py from xhduty.core (do not edit): the core\'s Chinese labels',
             'that the UI translates with translate("labels", …), listed so that lupdate sees them."""', "",
             "from PySide6.QtCore import QT_TRANSLATE_NOOP", "", "LABELS = ("]
    lines += [f'    QT_TRANSLATE_NOOP("labels", {label!r}),' for label in core_labels()]
    path.write_text("\n".join(lines + [")", ""]), encoding="utf-8")


def extract(ts: Path, labels: Path = CORE_LABELS) -> None:
    """Merge the UI's current source strings and the core's labels into ``ts`` (created if missing)."""
    write_core_labels(labels)
    subprocess.run([tool("pyside6-lupdate"), "-silent", "-no-obsolete", "-locations", "relative",
                    *sources(), str(labels), "-ts", str(ts)], cwd=ROOT, check=True)


def release(ts: Path, qm: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], cwd=ROOT, check=True)


def messages(ts: Path) -> dict[tuple[str, str], dict]:
    """(context, source) → {'translation': text, 'unfinished': bool} for every message in ``ts``."""
    found = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            found[(name, message.findtext("source"))] = {
                "translation": translation.text or "",
                "unfinished": translation.get("type") in ("unfinished", "vanished", "obsolete")}
    return found


def main() -> int:
    extract(TS)
    release(TS, QM)
    todo = [key for key, m in messages(TS).items() if m["unfinished"] or not m["translation"]]
    for context, source in todo:
        print(f"未翻译：[{context}] {source}")
    print(f"{TS.name}: {len(messages(TS))} 条，未翻译 {len(todo)} 条；已生成 {QM.name}")
    return 1 if todo else 0


if __name__ == "__main__":
    sys.exit(main())
