"""The contacts and notify sub-commands in-process, and the two PDFs (CJK font embedded)."""

from __future__ import annotations

import json
import subprocess

from xhduty.cli import main
from xhduty.core.contacts import notify


def _json(capsys, argv):
    capsys.readouterr()
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_cli_search_run_and_printouts(store, capsys, tmp_path):
    assert main(["contacts", "demo"]) == 0
    found = _json(capsys, ["contacts", "search", "zw", "--json"])
    assert found[0]["name"] == "张伟" and found[0]["unit"] == "区水务局" and found[0]["methods"][0]["kind"] == "mobile"
    status = _json(capsys, ["notify", "start", "--group", "防汛防台指挥部成员（示例）", "--incident", "INC-5", "--json"])
    run = status["id"]
    assert status["total"] == 5 and status["incident_id"] == "INC-5"
    assert main(["notify", "attempt", run, "张伟", "--result", "no-answer"]) == 0
    assert main(["notify", "attempt", run, status["members"][1]["person_id"], "--result", "confirmed",
                 "--method", "office"]) == 0
    after = _json(capsys, ["notify", "status", run, "--json"])
    assert after["confirmed"] == 1 and after["members"][0]["next"]["kind"] == "office"
    assert [a["result"] for a in notify.attempts(store, run)] == ["no-answer", "confirmed"]
    assert main(["notify", "attempt", run, "不在名单", "--result", "reached"]) == 2

    for argv, pdf in ((["contacts", "sheet", "--pdf"], tmp_path / "sheet.pdf"),
                      (["notify", "record", run, "--pdf"], tmp_path / "run.pdf")):
        assert main(argv + [str(pdf)]) == 0
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
        assert "Helvetica" not in fonts and "yes yes" in fonts
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "示例数据" in text or "防汛防台" in text

    assert main(["contacts", "export", str(tmp_path / "c.vcf")]) == 0
    assert main(["contacts", "export", str(tmp_path / "c.xlsx")]) == 0
    assert main(["contacts", "export", str(tmp_path / "c.csv")]) == 2
    assert main(["contacts", "import", str(tmp_path / "c.xlsx")]) == 0
    assert "新增 0 人，更新 14 人" in capsys.readouterr().out


def test_a_unit_by_its_name_or_a_unique_part_of_its_path(store, capsys):
    from xhduty.core.contacts import contacts

    contacts.seed_skeleton(store)
    with store.write() as tx:
        contacts.ensure_unit_path(tx, "区应急委/成员单位/区水务局")
        contacts.ensure_unit_path(tx, "区应急委/成员单位/区水务局/排水管理所")
    capsys.readouterr()
    assert main(["contacts", "on-duty", "--unit", "排水管理", "--name", "周值班", "--phone", "021-64000001"]) == 0
    assert "区应急委/成员单位/区水务局/排水管理所" in capsys.readouterr().out
    assert main(["contacts", "on-duty", "--unit", "区水务局", "--name", "吴值班"]) == 0   # the name, not the part
    assert main(["contacts", "on-duty", "--unit", "成员单位/区", "--name", "某人"]) == 2
    err = capsys.readouterr().err
    assert "个单位与“成员单位/区”相符" in err and "区水务局" in err


def test_remove_a_person_by_a_unique_part_of_the_name(store, capsys):
    from xhduty.core.contacts import contacts

    main(["contacts", "demo"])
    zhang = contacts.find_person(store, "张伟")
    contacts.save_person(store, {"unit_id": contacts.person(store, zhang)["unit_id"], "name": "张维"})
    capsys.readouterr()
    assert main(["contacts", "remove", "张"]) == 2                       # 张伟 and 张维: listed, nobody removed
    err = capsys.readouterr().err
    assert "有不止一人与“张”相符" in err and "张伟（区应急委/成员单位/区水务局，编号" in err and "张维" in err
    assert main(["contacts", "remove", "张伟"]) == 0
    assert capsys.readouterr().out.strip() == (
        f"已从通讯录删除 张伟（区应急委/成员单位/区水务局，编号 {zhang}），并退出通知组：防汛防台指挥部成员（示例）；"
        "单雄 现在没有AB角")
    assert store.get("people", zhang)["deleted"] == 1
    assert main(["contacts", "remove", zhang]) == 2                      # removed already: not found by id
    assert "通讯录中没有" in capsys.readouterr().err
    assert main(["contacts", "search", "张"]) == 0 and "张伟" not in capsys.readouterr().out


def test_verified_by_the_name_unverified_lists(store, capsys):
    """`contacts unverified` prints names, so `contacts verified` takes a name (or its unique part) as
    `remove` does, and says whom it marked; several matches are listed and nobody is marked."""
    from xhduty.core.contacts import contacts

    main(["contacts", "demo"])
    zhang = contacts.find_person(store, "张伟")
    contacts.save_person(store, {"unit_id": contacts.person(store, zhang)["unit_id"], "name": "张维"})
    capsys.readouterr()
    assert main(["contacts", "unverified"]) == 0 and "张伟" in capsys.readouterr().out
    before = contacts.person(store, zhang)["verified_on"]
    assert main(["contacts", "verified", "张"]) == 2 and "有不止一人与“张”相符" in capsys.readouterr().err
    assert contacts.person(store, zhang)["verified_on"] == before
    assert main(["contacts", "verified", "张伟"]) == 0
    assert capsys.readouterr().out.strip() == "已登记 张伟（区应急委/成员单位/区水务局）的联系方式今天已核实"
    assert zhang not in {p["id"] for p in contacts.unverified(store)}
    assert main(["contacts", "verified", zhang]) == 0                      # by id, as before


def test_cli_search_says_when_it_must_spell_many_names_first(store, capsys, monkeypatch):
    from xhduty.commands import contacts as command

    monkeypatch.setattr(command, "SPELL_NOTICE", 10)    # 200,000 people in life: the demo's 14 here
    assert main(["contacts", "demo"]) == 0
    capsys.readouterr()
    assert main(["contacts", "search", "zw"]) == 0
    first = capsys.readouterr()
    assert "正在为 14 人建立拼音查找索引" in first.err and first.out.startswith("张伟")
    assert main(["contacts", "search", "zw"]) == 0
    again = capsys.readouterr()
    assert again.err == "" and again.out == first.out
