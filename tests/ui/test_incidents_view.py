"""Incidents through the widgets: 立案 from an intake entry, the ticking clock, reporting, refused rules."""

from __future__ import annotations

from datetime import timedelta

import pytest

from xhduty.core import clock
from xhduty.core.duty import duty
from xhduty.core.incidents import incidents
from xhduty.core.incidents import report_rules
from xhduty.ui.context import AppContext
from xhduty.ui.incidents.incident_dialog import IncidentDialog
from xhduty.ui.incidents.report_dialog import ReportDialog
from xhduty.ui.incidents.rules_dialog import EDITABLE, RulesDialog
from xhduty.ui.qt import QDialogButtonBox, QMessageBox, Qt
from xhduty.ui.incidents.incidents_view import View

T0 = clock.parse("2026-11-29T14:02")
INTAKE = {"received_at": "14:02", "caller_unit": "湖南路街道", "caller_name": "周敏", "caller_phone": "64330000",
          "occurred_at": "13:55", "place": "武康路 100 弄", "what": "老旧民居电线起火，一人被困",
          "casualties": "一人被困", "measures": "已报119"}


@pytest.fixture
def ctx(on_duty):
    with clock.frozen(T0):
        yield AppContext(on_duty)


def test_open_from_intake_and_see_the_countdown(qtbot, ctx, tmp_path):
    entry_id = duty.add_entry(ctx.store, "湖南路街道来电：民居起火", kind="intake", details=INTAKE)
    changed = []
    ctx.data_changed.connect(changed.append)
    dialog = IncidentDialog(ctx, entry_id=entry_id)
    qtbot.addWidget(dialog)
    assert dialog.title.text() == "老旧民居电线起火，一人被困"
    assert dialog.place.text() == "武康路 100 弄" and dialog.occurred.text() == "2026-11-29 13:55"
    assert dialog.source.text() == "湖南路街道 周敏 64330000"
    dialog.set_type("A.fire")
    dialog.set_level("III")
    dialog.division.setCurrentIndex(dialog.division.findData("hunanlu"))
    qtbot.keyClick(dialog.title, Qt.Key_Return)   # Enter saves
    assert dialog.result() == dialog.DialogCode.Accepted
    inc = incidents.get_incident(ctx.store, dialog.incident_id)
    assert (inc["type_code"], inc["level"], inc["division"], inc["source_entry_id"]) == \
        ("A.fire", "III", "hunanlu", entry_id)
    assert "incidents" in changed[-1]

    view = View(ctx)
    qtbot.addWidget(view)
    view.resize(1280, 680)
    view.show()
    model = view.model
    assert model.data(model.index(0, 1)) == "老旧民居电线起火，一人被困"
    assert model.data(model.index(0, 4)) == "接报"
    assert model.data(model.index(0, 5)) == "首报（电话） 14:32"
    assert model.data(model.index(0, 6)) == "还剩 0:30:00"
    clock_texts = [view.clock_grid.itemAt(i).widget().text() for i in range(view.clock_grid.count())]
    assert clock_texts[:4] == ["首报（电话）", "11-29 14:32 前", "计时中", "还剩 0:30:00"]
    timeline = [view.timeline_model.data(view.timeline_model.index(r, 2)) for r in range(view.timeline_model.rowCount())]
    assert timeline[0] == "湖南路街道来电：民居起火" and timeline[1].startswith("立案：老旧民居电线起火")

    clock.advance(timedelta(seconds=65))
    view.tick()
    assert model.data(model.index(0, 6)) == "还剩 0:28:55"
    clock.advance(timedelta(minutes=25))
    view.tick()
    assert view._clock_rows[0][1].text() == "即将到期"
    assert model.data(model.index(0, 6), Qt.BackgroundRole).color().name() == "#ffe8a3"
    view.grab().save(str(tmp_path / "amber.png"))


def test_overdue_incident_in_the_list_and_report_stops_the_clock(qtbot, ctx):
    with clock.frozen(T0 - timedelta(hours=3)):
        late = incidents.open_incident(ctx.store, title="徐家汇地铁站大客流", type_code="A.crowd", level="II",
                                       division="xujiahui", place="徐家汇站 9 号口")
    calm = incidents.open_incident(ctx.store, title="田林路积水", type_code="N.flood", level="IV",
                                   division="tianlin", place="田林路桂林路口")
    view = View(ctx)
    qtbot.addWidget(view)
    ctx.data_changed.connect(view.refresh)   # as the main window does
    model = view.model
    row = model.row_of(late)
    assert model.data(model.index(row, 6)).startswith("超时 2:")
    assert model.data(model.index(row, 6), Qt.BackgroundRole).color().name() == "#f8d7da"
    assert "首报（电话）" in model.data(model.index(row, 6), Qt.ToolTipRole)
    assert model.data(model.index(model.row_of(calm), 6), Qt.BackgroundRole) is None

    view.select(late)
    dialog = ReportDialog(ctx, late, "first")
    qtbot.addWidget(dialog)
    assert dialog.fields["nature"].text() == "人员密集场所拥挤踩踏事故，Ⅱ级"
    assert dialog.fields["place"].text() == "徐家汇街道 徐家汇站 9 号口"
    dialog.channel.setCurrentIndex(dialog.channel.findData("phone"))
    dialog.text.setPlainText("已电话报告区应急局值班室")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.Save).click()
    assert dialog.report_id
    phone = next(row for row in view._clock_rows if row[0]["label"] == "首报（电话）")
    assert phone[1].text() == "已报"
    assert model.data(model.index(model.row_of(late), 4)) == "处置中"
    assert model.data(model.index(model.row_of(late), 5)).startswith("首报（书面）")


def test_followup_dialog_is_numbered_and_carries_only_news(qtbot, ctx):
    iid = incidents.open_incident(ctx.store, title="燃气泄漏", type_code="A.gas", level="III", place="龙华路")
    fields = incidents.report_draft(ctx.store, iid, "first")["fields"]
    incidents.submit_report(ctx.store, iid, stage="first", channel="written", text="首报", fields=fields)
    dialog = ReportDialog(ctx, iid, "followup")
    qtbot.addWidget(dialog)
    assert dialog.label.text() == "续报一"
    assert dialog.fields["place"].text() == "" and dialog.fields["nature"].text() == ""


def test_nonsense_rule_refused_in_the_dialog_and_nothing_saved(qtbot, ctx, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    before = [r.as_dict() for r in report_rules.rules(ctx.store)]
    dialog = RulesDialog(ctx)
    qtbot.addWidget(dialog)
    phone_col = 2 + [name for name, _ in EDITABLE].index("phone_minutes")
    written_col = 2 + [name for name, _ in EDITABLE].index("written_minutes")
    dialog.model.item(0, written_col).setText("20")       # a sensible edit of 特别重大 …
    dialog.model.item(2, phone_col).setText("-5")          # … and a nonsense one of 较大
    dialog.save()
    assert warnings == ["时限规则（Ⅲ级）：电话首报时限应在 1–10080 分钟之间，而不是 -5"]
    assert dialog.result() != dialog.DialogCode.Accepted
    assert [r.as_dict() for r in report_rules.rules(ctx.store)] == before
    dialog.model.item(2, phone_col).setText("25")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    saved = {r.id: r for r in report_rules.rules(ctx.store)}
    assert saved["level:I"].written_minutes == 20 and saved["level:III"].phone_minutes == 25
    assert not saved["level:III"].is_default and saved["level:II"].is_default


def test_level_change_and_printing_from_the_view(qtbot, ctx):
    from xhduty.ui.incidents.level_dialog import LevelDialog
    from xhduty.ui.pdf_preview import PdfPreview
    from xhduty.ui.qt import QApplication, QTimer

    iid = incidents.open_incident(ctx.store, title="漕溪路燃气泄漏", type_code="A.gas", level="IV")
    view = View(ctx)
    qtbot.addWidget(view)
    ctx.data_changed.connect(view.refresh)

    def answer() -> None:     # the officer picks Ⅱ级, types the reason and presses Enter
        form = QApplication.activeModalWidget()
        assert isinstance(form, LevelDialog)
        form.set_level("II")
        form.reason.setText("波及居民楼")
        qtbot.keyClick(form.reason, Qt.Key_Return)

    QTimer.singleShot(0, answer)
    view.change_level()
    assert view.model.data(view.model.index(0, 3)) == "Ⅱ级"
    assert view.model.data(view.model.index(0, 5)) == "首报（电话） 14:17"   # 15 minutes now, not 6 hours
    assert any("由Ⅳ级调整为Ⅱ级，原因：波及居民楼" in view.timeline_model.data(view.timeline_model.index(r, 2))
               for r in range(view.timeline_model.rowCount()))
    incidents.submit_report(ctx.store, iid, stage="first", channel="written", text="书面首报", signed_by="张局长")
    ctx.changed({"incident_reports"})
    view.print_report()
    qtbot.waitUntil(lambda: getattr(view, "pdf_dialog", None) is not None, timeout=10000)
    assert view.pdf_dialog.findChild(PdfPreview).document.pageCount() == 1
    view.pdf_dialog.close()


def test_overdue_report_alert_shows_in_the_window_while_another_view_is_open(qtbot, ctx):
    from xhduty.core import jobs
    from xhduty.ui.main_window import MainWindow

    incidents.open_incident(ctx.store, title="龙华路燃气泄漏", type_code="A.gas", level="I")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show_view("log")
    clock.advance(timedelta(minutes=16))
    raised = jobs.run_due(ctx.store)        # what the scheduler does every minute
    ctx.alerts_raised.emit(raised)
    assert window.alert_bar.isVisibleTo(window)
    assert "龙华路燃气泄漏：首报（电话）已超时（时限 11-29 14:17）" in window.alert_bar.label.text()
    incidents_view = window.show_view("incidents")
    assert incidents_view.model.data(incidents_view.model.index(0, 6)) == "超时 0:01:00"


def test_report_form_forecasts_the_next_deadline_it_will_have(qtbot, on_duty):
    with clock.frozen(clock.parse("2026-11-29T07:00")):
        ctx = AppContext(on_duty)
        iid = incidents.open_incident(on_duty, title="燃气泄漏", type_code="A.gas", level="III", place="龙华路")
        view = View(ctx)
        qtbot.addWidget(view)
        view.refresh({"incidents"})
        view.select(iid)
        followup = next(row for row in view._clock_rows if row[0]["label"] == "续报一")
        assert followup[0]["after_first"] == "08:00/17:00"  # said in words, not a time that will move
        assert view.clock_grid.itemAtPosition(view._clock_rows.index(followup), 1).widget().text() == \
            "书面首报后首个 08:00/17:00（最迟 11-29 17:00）"
    with clock.frozen(clock.parse("2026-11-29T07:30")):
        incidents.submit_report(on_duty, iid, stage="first", channel="phone", text="电话首报")
        dialog = ReportDialog(ctx, iid, "first")
        qtbot.addWidget(dialog)
        dialog.text.setPlainText("书面首报")
        shown = dialog.after.text()
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.Save).click()
    nxt = incidents.list_incidents(on_duty, now=clock.parse("2026-11-29T07:31"))[0]["next_deadline"]
    assert shown == f"报送后下一项：{nxt['label']}，应于 {nxt['due'][5:16].replace('T', ' ')} 前报送"
    assert shown == "报送后下一项：续报一，应于 11-29 08:00 前报送"


def test_charts_that_count_incidents_have_whole_ticks(qtbot):
    from xhduty.core.stats.charts import Chart
    from xhduty.ui.stats.chart import ChartWidget

    widget = ChartWidget()
    qtbot.addWidget(widget)
    widget.show_chart(Chart("n", "事件数", "街镇", "起", ["龙华", "长桥"], {"事件": [1, 0]}, ("事件",)))
    ticks = [v for _, values in widget.plot.getAxis("left").tickValues(0, 1.15, 300) for v in values]
    assert ticks and all(float(v).is_integer() for v in ticks)   # not 0.1, 0.2 … 1.1
    widget.show_chart(Chart("t", "平均用时", "街镇", "分钟", ["龙华", "长桥"], {"用时": [0.4, 0.7]}, ("用时",)))
    ticks = [v for _, values in widget.plot.getAxis("left").tickValues(0, 0.8, 300) for v in values]
    assert any(not float(v).is_integer() for v in ticks)          # a rate keeps its fine ticks


def test_window_title_names_the_app_once(qtbot, on_duty):
    from xhduty.ui.main_window import MainWindow

    window = MainWindow(AppContext(on_duty))
    qtbot.addWidget(window)
    # Qt appends the application display name (徐汇应急值守) to the title on every platform
    assert window.windowTitle() == "测试站"


def test_long_titles_and_entries_are_cut_with_the_whole_in_a_tooltip(qtbot, ctx):
    title = "徐家汇地铁站 9 号口晚高峰大客流，站外排队人员已延伸至华山路与虹桥路路口"
    iid = incidents.open_incident(ctx.store, title=title, type_code="A.crowd", level="III")
    duty.add_entry(ctx.store, "现场报告：" + "客流持续增加，已启动限流措施。" * 40, incident_id=iid)
    view = View(ctx)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.refresh({"incidents"})
    view.select(iid)
    assert view.model.data(view.model.index(0, 1), Qt.ToolTipRole) == title
    assert not view.table.wordWrap()
    rows = [view.timeline.rowHeight(r) for r in range(view.timeline_model.rowCount())]
    assert rows and max(rows) <= 66
    long_row = next(r for r in range(view.timeline_model.rowCount())
                    if "限流措施" in view.timeline_model.data(view.timeline_model.index(r, 2)))
    tooltip = view.timeline_model.data(view.timeline_model.index(long_row, 2), Qt.ToolTipRole)
    assert tooltip.count("已启动限流措施") == 40
    view.grab().save("/tmp/incidents-long-titles.png")
