"""The resources sub-commands, run in-process as a user would type them."""

from __future__ import annotations

import json

from xhduty.cli import main
from xhduty.core.duty import duty
from xhduty.core.resources import stock


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_depot_item_and_stock_commands(on_duty, capsys, tmp_path):
    code, out, _ = run(capsys, "depot", "add", "--name", "龙华储备点", "--division", "龙华街道", "--json")
    assert code == 0 and json.loads(out)["division"] == "longhua"
    code, out, _ = run(capsys, "item", "add", "--name", "沙袋", "--unit", "条", "--class", "3010100", "--json")
    item = json.loads(out)["id"]
    code, out, _ = run(capsys, "stock", "receive", "--depot", "龙华储备点", "--item", item, "--qty", "500",
                       "--lot", "A", "--expires", "2027-06-30", "--json")
    [moved] = json.loads(out)
    assert (moved["kind"], moved["qty"], moved["person"]) == ("receive", 500, "李值班")
    code, _, err = run(capsys, "stock", "issue", "--depot", "龙华储备点", "--item", "沙袋", "--qty", "501")
    assert code == 3 and "不足 501条" in err and "--confirm" in err
    code, out, _ = run(capsys, "stock", "count", "--depot", "龙华储备点", "--item", "沙袋", "--counted", "480",
                       "--lot", "A", "--json")
    assert json.loads(out)[0]["qty"] == -20
    code, out, _ = run(capsys, "stock", "list", "--json")
    assert [(r["lot"], r["qty"]) for r in json.loads(out)] == [("A", 480)]
    code, out, _ = run(capsys, "stock", "card", "--item", "沙袋", "--pdf", str(tmp_path / "card.pdf"))
    assert code == 0 and (tmp_path / "card.pdf").stat().st_size > 1000


def test_bad_input_is_a_chinese_message_not_a_traceback(store, capsys):
    code, _, err = run(capsys, "depot", "add", "--name", "x", "--division", "浦东新区")
    assert code == 2 and "「街镇」不是徐汇区的街镇" in err
    code, _, err = run(capsys, "resources", "add", "shelters", "名称=学校", "人数=3")
    assert code == 2 and "应写成 字段=值" in err


def test_issue_for_an_incident_and_team_dispatch_land_on_the_timeline(on_duty, capsys):
    from xhduty.core.incidents import incidents

    incident = incidents.open_incident(on_duty, title="漕河泾隧道积水", type_code="N.flood", division="caohejing")
    run(capsys, "depot", "add", "--name", "漕河泾储备点", "--division", "caohejing")
    run(capsys, "item", "add", "--name", "水泵", "--unit", "台", "--class", "2040100")
    run(capsys, "stock", "receive", "--depot", "漕河泾储备点", "--item", "水泵", "--qty", "10")
    run(capsys, "resources", "add", "teams", "名称=漕河泾抢险队", "街镇=漕河泾街道", "战备状态=待命", "人数=15")
    code, out, _ = run(capsys, "resources", "available", "--incident", incident, "--json")
    found = json.loads(out)
    assert found["items"][0]["qty"] == 10 and found["teams"][0]["proximity"] == "本街镇"
    code, _, _ = run(capsys, "stock", "issue", "--depot", "漕河泾储备点", "--item", "水泵", "--qty", "4",
                     "--incident", incident, "--to", "现场指挥部")
    assert code == 0
    code, _, _ = run(capsys, "resources", "dispatch-team", "--incident", incident, "--team", "漕河泾抢险队")
    assert code == 0
    texts = [e["text"] for e in duty.list_entries(on_duty, duty.LogFilter(incident_id=incident))]
    assert any(t.startswith("调派物资：漕河泾储备点 水泵 4台") for t in texts)
    assert any(t.startswith("调派队伍：漕河泾抢险队") for t in texts)
    assert stock.on_hand(on_duty)[0]["qty"] == 6


def test_export_import_and_neighbours(store, capsys, tmp_path):
    run(capsys, "depot", "add", "--name", "华泾储备点", "--division", "华泾镇")
    code, out, _ = run(capsys, "resources", "export", str(tmp_path / "all.xlsx"))
    assert code == 0
    code, out, _ = run(capsys, "resources", "import", str(tmp_path / "all.xlsx"))
    assert code == 0 and "储备库（点） 1" in out
    code, out, _ = run(capsys, "resources", "neighbours", "华泾镇", "--set", "长桥街道")
    assert out.strip() == "长桥街道"
    code, out, _ = run(capsys, "stock", "expiry-days", "60")
    assert out.strip() == "临期提醒：60 天内到期的批次"


def test_depots_items_and_teams_by_any_unique_part_of_their_name(on_duty, capsys):
    for name, division in (("龙华街道应急物资储备点", "龙华"), ("徐家汇街道应急物资储备点", "徐家汇街道")):
        assert run(capsys, "depot", "add", "--name", name, "--division", division)[0] == 0
    assert run(capsys, "item", "add", "--name", "编织袋（沙袋）", "--unit", "条", "--class", "3010100")[0] == 0
    code, _, err = run(capsys, "stock", "receive", "--depot", "龙华", "--item", "沙袋", "--qty", "50")
    assert code == 0, err
    code, out, _ = run(capsys, "stock", "list", "--json")
    assert [(r["qty"]) for r in json.loads(out)] == [50]
    code, _, err = run(capsys, "stock", "receive", "--depot", "储备点", "--item", "沙袋", "--qty", "5")
    assert code == 2 and "有 2 条与「储备点」相符" in err
    assert "龙华街道应急物资储备点" in err and "徐家汇街道应急物资储备点" in err
    code, _, err = run(capsys, "stock", "receive", "--depot", "浦东", "--item", "沙袋", "--qty", "5")
    assert code == 2 and "没有编号或名称为「浦东」" in err


def test_stock_list_marks_an_expired_lot_and_issue_passes_it_over(on_duty, capsys):
    run(capsys, "depot", "add", "--name", "田林街道储备点", "--division", "田林")
    run(capsys, "item", "add", "--name", "棉被", "--unit", "条", "--class", "1020100")
    run(capsys, "stock", "receive", "--depot", "田林", "--item", "棉被", "--qty", "10", "--lot", "OLD",
        "--expires", "2020年1月1日")
    run(capsys, "stock", "receive", "--depot", "田林", "--item", "棉被", "--qty", "50", "--lot", "NEW",
        "--expires", "2099.12.31")
    _, out, _ = run(capsys, "stock", "list")
    assert "批次「OLD」 2020-01-01  10条  [已过期]" in out and "批次「NEW」 2099-12-31  50条\n" in out
    code, _, err = run(capsys, "stock", "issue", "--depot", "田林", "--item", "棉被", "--qty", "55")
    assert code == 3 and "现有 50条（另有已过期 10条，不出库），不足 55条" in err
    code, out, _ = run(capsys, "stock", "issue", "--depot", "田林", "--item", "棉被", "--qty", "20", "--to", "安置点")
    assert code == 0 and out.startswith("出库 -20 批次「NEW」")
