"""What the widget tests share beyond tests/conftest.py."""

from __future__ import annotations

import pytest

from xhduty.ui.context import AppContext
from xhduty.ui.qt import QMessageBox


@pytest.fixture
def selects():
    """``selects(store, action)``: the SELECTs the store's connection (the window's) runs while ``action``
    runs — a write and every view's refresh after it — to check that a view reads only what was written."""

    def run(store, action) -> list[str]:
        statements: list[str] = []
        store.con.set_trace_callback(statements.append)
        try:
            action()
        finally:
            store.con.set_trace_callback(None)
        return [s for s in statements if s.lstrip().upper().startswith("SELECT")]

    return run


@pytest.fixture
def ctx(on_duty):
    """The window's context on a station with a shift open (a module may define its own, with data)."""
    return AppContext(on_duty)


@pytest.fixture
def warnings(monkeypatch):
    """What QMessageBox.warning and .information said, each as "title：text", instead of showing them."""
    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: said.append(f"{title}：{text}"))
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: said.append(f"{title}：{text}"))
    return said


@pytest.fixture
def answering(monkeypatch):
    """``answering(answers)``: confirmation boxes answer with the next button text of ``answers`` (clicked,
    as the officer would); returns the list of boxes asked, to read what they said."""

    def answer(answers: list[str]) -> list[QMessageBox]:
        asked = []

        def exec_(box):
            asked.append(box)
            reply = answers.pop(0)
            next(b for b in box.buttons() if b.text() == reply).click()
            return 0

        monkeypatch.setattr(QMessageBox, "exec", exec_)
        return asked

    return answer
