"""The monthly statistics PDF, the .xlsx of the charts' numbers, the board snapshot and the `xhduty`
commands of the area, on generated 示例数据.  The PDF's pages go to /tmp/stats-monthly.pdf for looking at."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date, timedelta

import openpyxl
import pytest

from xhduty.cli import main
from xhduty.core import clock
from xhduty.core.incidents import incidents
from xhduty.core.duty import warning_signals
from xhduty.core.stats import board
from xhduty.core.stats import sample_data
from xhduty.core.stats import charts
from xhduty.core.stats.export import write_xlsx
from xhduty.reports.monthly_stats import write_monthly

T0 = clock.parse("2026-07-01T09:00")
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


@pytest.fixture
def sample(on_duty):
    with clock.frozen(T0):
        sample_data.generate(on_duty, end=T0, days=45, incidents=300, runs=20, seed=11)
        yield on_duty


def run(capsys, *argv) -> str:
    code = main(list(argv))
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


@needs_poppler
def test_monthly_report_has_summary_charts_tables_and_indicators(sample, tmp_path):
    with clock.frozen(T0):
        path = write_monthly(sample, tmp_path / "monthly.pdf", "2026-06")
    shutil.copy(path, "/tmp/stats-monthly.pdf")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "2026-06 月度应急值守统计报告" in text and "2026-06-01 至 2026-06-30，全区" in text
    flt = charts.month_filter("2026-06")
    total = charts.summary(sample, flt)[0][1]
    assert f"接报事件 {total}" in " ".join(text.split())
    for title in ("按日统计的事件数", "各街镇事件数", "首报、续报按时率", "接报至首报用时分布", "通知确认用时分布",
                  "库存与最低库存", "规划主要指标", "消防站数量", "应急物资储备点"):
        assert title in text, title
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "Helvetica" not in fonts and "yes yes" in fonts


def test_xlsx_has_one_sheet_per_chart_with_the_same_numbers(sample, tmp_path):
    flt = charts.Filter(date(2026, 6, 1), date(2026, 6, 30), "longhua")
    with clock.frozen(T0):
        made = [charts.chart(sample, key, flt) for key in charts.CHARTS]
    path = write_xlsx(tmp_path / "s.xlsx", made, flt.describe(sample))
    book = openpyxl.load_workbook(path)
    assert len(book.sheetnames) == len(made)
    on_time = book[book.sheetnames[2]]
    assert on_time["A2"].value == "范围：2026-06-01 至 2026-06-30，龙华街道"
    rows = [r for r in on_time.iter_rows(values_only=True) if r and r[0] in made[2].categories]
    assert [list(r) for r in rows] == made[2].rows()[1:]


def test_board_snapshot_names_the_response_a_flood_signal_starts(sample):
    with clock.frozen(T0):
        warning_signals.record_signal(sample, "台风蓝色")
        warning_signals.record_signal(sample, "高温黄色")
        incidents.open_incident(sample, title="示例数据 漕溪路倒树", type_code="N.weather", level="II",
                                division="xujiahui")
        with sample.write() as tx:   # a run started 10 minutes ago: one of two has confirmed
            run = tx.insert("notify_runs", {"group_id": "g", "group_name": "示例数据 防汛防台组", "timeout_minutes": 10,
                                            "members": json.dumps(["p1", "p2"]),
                                            "created_at": clock.iso(T0 - timedelta(minutes=10))})
            tx.insert("notify_attempts", {"run_id": run, "person_id": "p1", "contact_id": "p1", "result": "confirmed",
                                          "at": clock.iso(T0 - timedelta(minutes=5))})
        snap = board.snapshot(sample)
    assert {(s["label"], s["response"]) for s in snap["signals"]} == {
        ("高温黄色预警", ""), ("台风蓝色预警", "防汛防台Ⅳ级响应")}
    assert snap["shift"]["leader"] == "王带班"
    assert snap["incidents"][0]["level"] in ("I", "II")                 # most severe first
    assert snap["per_level"]["Ⅱ级"] >= 1
    assert snap["low_stock"] and all(r["total"] < r["minimum"] for r in snap["low_stock"])
    assert [(r["group_name"], r["confirmed"], r["total"]) for r in snap["runs"]] == [("示例数据 防汛防台组", 1, 2)]
    json.dumps(snap)  # plain data: safe to hand across threads and print


def test_cli_board_chart_export_and_indicators(sample, capsys, tmp_path):
    with clock.frozen(T0):
        assert "值班态势" in run(capsys, "board")
        data = json.loads(run(capsys, "stats", "chart", "by_division", "--from", "2026-06-01", "--to", "2026-06-30",
                              "--json"))
        expected = charts.incidents_by_division(sample, charts.Filter(date(2026, 6, 1), date(2026, 6, 30)))
        assert data["series"] == expected.series
        run(capsys, "stats", "export", "--xlsx", str(tmp_path / "a.xlsx"), "--division", "longhua")
        assert (tmp_path / "a.xlsx").exists()
        run(capsys, "indicator", "set", "fire_stations", "--value", "8", "--as-of", "2026-06-01",
            "--source", "示例数据 年报")
        listed = run(capsys, "indicator", "list")
        assert "消防站数量" in listed and "8座" in listed and "未达标" in listed
        assert main(["stats", "chart", "on_time", "--division", "nowhere"]) != 0
        assert "没有“nowhere”这个街镇代码" in capsys.readouterr().err
        assert main(["stats", "monthly", "--month", "2026-6", "--pdf", str(tmp_path / "x.pdf")]) != 0
        assert "YYYY-MM" in capsys.readouterr().err
