"""The inventory list and the stock card as PDFs: they build, embed the CJK font only, and say what matters."""

from __future__ import annotations

import subprocess

import pytest

from xhduty.core.resources import assets
from xhduty.core.resources import stock
from xhduty.reports import inventory


@pytest.fixture
def stocked(store):
    d = assets.save(store, "depots", {"name": "区应急物资保障库", "kind": "储备库", "division": "xujiahui"})[0]
    i = assets.save(store, "items", {"name": "棉被", "class_code": "1020300", "unit": "条"})[0]
    with store.write() as tx:
        stock.receive(tx, d, i, 100, lot="B1", expires="2026-01-01", party="示例数据 供货单位", person="张保管")
        stock.issue(tx, d, i, 130, confirm=True, party="华泾镇", person="李值班")
        stock.set_minimum(tx, d, i, 50)
    return store, d, i


def _text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout


def _fonts(path) -> str:
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout


def test_inventory_list_shows_status_and_embeds_only_the_cjk_font(stocked, tmp_path):
    store, _, _ = stocked
    path = inventory.write_inventory(store, tmp_path / "list.pdf")
    text = _text(path)
    assert "应急物资库存清单" in text and "区应急物资保障库" in text and "棉被" in text
    assert "-30" in text and "账面透支" in text
    fonts = _fonts(path)
    assert "Helvetica" not in fonts and "yes yes" in fonts


def test_stock_card_lists_every_movement_with_balance(stocked, tmp_path):
    store, d, i = stocked
    path = inventory.write_stock_card(store, tmp_path / "card.pdf", i, d)
    text = _text(path)
    assert "物资库存卡" in text and "入库" in text and "出库" in text
    assert "张保管" in text and "李值班" in text and "-30" in text
    assert "Helvetica" not in _fonts(path)
