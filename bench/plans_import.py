"""Importing a folder of 200 mixed plan documents: Word files with tables, text PDFs, text files — and
the files a real folder also holds (a README, a spreadsheet, Word's lock file, a scanned PDF, an old .doc
with LibreOffice not installed), which must be reported, not imported and not silently dropped.

Prints the import time against its target (≤ 30 s for 200 documents, in the background of the window),
a baseline measured in the same run (the same plans imported as plain .txt files) and the ratio, then
the import's report: how many were imported, and each file skipped or refused with the reason.
The documents are generated here (示例数据) from the built-in sample library's sentences.
Run: ``python bench/plans_import.py [DOCUMENTS]``.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
TARGET_S = 30.0


def _library() -> list[dict]:
    return [tomllib.loads(p.read_text(encoding="utf-8")) for p in sorted((REPO / "plans").glob("*.toml"))]


def _plan(i: int, library: list[dict], rng: random.Random) -> tuple[str, list[tuple[str, str]], list[list[str]]]:
    """(title, [(heading, text)], depot table rows) of one generated document."""
    source = library[i % len(library)]
    title = source["title"].replace("徐汇区", f"示例第{i}号").replace("（示例）", "") + "（示例数据）"
    sections = [(s["heading"], s["text"]) for s in source["sections"]]
    rng.shuffle(sections[2:])
    depots = [["储备点", "物资", "数量"]] + [[f"第{k}储备点", rng.choice(["排涝泵", "沙袋", "发电机", "救生衣"]),
                                             f"{rng.randint(1, 500)}件"] for k in range(1, 6)]
    levels = [["响应级别", "启动条件"]] + [[f"{lv['level']}级响应", "；".join(lv["triggers"])] for lv in source["levels"]]
    return title, sections, [levels, depots]


def _docx(path: Path, title: str, sections, tables) -> None:
    import docx
    d = docx.Document()
    d.add_paragraph(title)
    for n, (heading, text) in enumerate(sections):
        d.add_paragraph(heading)
        d.add_paragraph(text)
        if n == 1:
            for rows in tables:
                t = d.add_table(rows=len(rows), cols=len(rows[0]))
                for r, row in enumerate(rows):
                    for c, value in enumerate(row):
                        t.cell(r, c).text = value
    d.save(path)


def _pdf(path: Path, title: str, sections) -> None:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from xhduty.reports.pdf import register_font
    style = ParagraphStyle("p", fontName=register_font(), fontSize=10, leading=14, wordWrap="CJK")
    story = [Paragraph(title, style)]
    for heading, text in sections:
        story += [Paragraph(heading, style), Paragraph(text, style)]
    SimpleDocTemplate(str(path)).build(story)


def _text(title: str, sections, tables) -> str:
    rows = ["　".join(r) for t in tables for r in t]
    return "\n".join([title] + [f"{h}\n{t}" for h, t in sections] + rows) + "\n"


def _import(folder: Path) -> tuple[float, object]:
    from xhduty.core.plans import plans
    from xhduty.core.store import init_station, open_store
    home = Path(tempfile.mkdtemp())
    os.environ["XHDUTY_HOME"] = str(home)
    store = open_store()
    init_station(store, "BENCH", "测速", "centre")
    t = time.perf_counter()
    report = plans.import_paths(store, [folder])
    seconds = time.perf_counter() - t
    store.close()
    return seconds, report


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    os.environ["XHDUTY_SOFFICE"] = ""  # the common office PC: no LibreOffice, so the .doc is refused with a message
    rng = random.Random(16)
    library = _library()
    with tempfile.TemporaryDirectory() as tmp:
        mixed, plain = Path(tmp) / "mixed", Path(tmp) / "plain"
        mixed.mkdir()
        plain.mkdir()
        kinds = {"docx": 0, "pdf": 0, "txt": 0}
        for i in range(count):
            title, sections, tables = _plan(i, library, rng)
            kind = ("docx", "pdf", "txt")[i % 3]
            kinds[kind] += 1
            if kind == "docx":
                _docx(mixed / f"plan{i:03d}.docx", title, sections, tables)
            elif kind == "pdf":
                _pdf(mixed / f"plan{i:03d}.pdf", title, sections)
            else:
                (mixed / f"plan{i:03d}.txt").write_text(_text(title, sections, tables), encoding="utf-8")
            (plain / f"plan{i:03d}.txt").write_text(_text(title, sections, tables), encoding="utf-8")
        (mixed / "README.md").write_text("# 本目录说明\n", encoding="utf-8")
        (mixed / "物资清单.xlsx").write_bytes(b"PK\x03\x04")
        (mixed / "~$plan000.docx").write_bytes(b"lock")
        (mixed / "旧版预案.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
        from reportlab.pdfgen import canvas
        scan = canvas.Canvas(str(mixed / "扫描件.pdf"))
        scan.rect(40, 40, 500, 700, fill=1)
        scan.save()
        baseline_s, _ = _import(plain)
        seconds, report = _import(mixed)
    print(f"documents: {count} ({kinds['docx']} docx with tables, {kinds['pdf']} pdf, {kinds['txt']} txt)"
          " + 5 files that are not importable plans")
    print(f"import folder   {seconds:8.1f} s   target ≤ {TARGET_S:.0f} s   {'ok' if seconds <= TARGET_S else 'MISSED'}")
    print(f"baseline        {baseline_s:8.1f} s   (the same plans as .txt, same run)   ratio {seconds / baseline_s:.1f}×")
    print(report.summary())
    for item in report.skipped:
        print(f"  跳过    {item['file']}：{item['reason']}")
    for error in report.errors:
        print(f"  未导入  {error}")
    for warning in report.warnings:
        print(f"  注意    {warning}")
    print(f"imported {len(report.imported)} of {count} documents")
    return 0 if seconds <= TARGET_S and len(report.imported) == count else 1


if __name__ == "__main__":
    sys.exit(main())
