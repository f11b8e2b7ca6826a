"""`xhduty init`: a street station names its 街镇 as people say it, as the first-run dialog asks."""

from __future__ import annotations

from xhduty.cli import main
from xhduty.core.store import open_store


def test_a_street_station_is_initialised_with_its_division_said_as_people_say_it(home, capsys):
    assert main(["init", "--station", "XH-HJ", "--name", "华泾镇值班室", "--role", "street", "--division", "华泾"]) == 0
    assert "所属 华泾镇" in capsys.readouterr().out
    store = open_store()
    assert store.meta("station_division") == "huajing"


def test_a_street_station_without_or_with_an_unknown_division_is_refused_and_nothing_created(home, capsys):
    assert main(["init", "--station", "XH-HJ", "--name", "华泾镇值班室", "--role", "street"]) != 0
    assert "--division" in capsys.readouterr().err
    assert not list(home.iterdir())                                   # not even the database
    assert main(["init", "--station", "XH-HJ", "--name", "华泾镇值班室", "--role", "street",
                 "--division", "华泾街"]) != 0
    assert "未知的街镇“华泾街”" in capsys.readouterr().err
    assert main(["init", "--station", "XH-C", "--name", "区总值班室", "--role", "centre", "--division", "龙华"]) != 0
    assert "只用于街镇站" in capsys.readouterr().err
