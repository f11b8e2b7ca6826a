"""The plan search box that is always at hand: a line edit for the main window's tool or status bar.

Enter opens the plans area with the typed words searched and the best plan open at its section, so an
officer on the phone never has to leave what they are typing into first.  The main window adds it with
``PlanSearchBox(window.show_view)``.
"""

from __future__ import annotations

from xhduty.ui.qt import QLineEdit


class PlanSearchBox(QLineEdit):
    def __init__(self, show_view, parent=None):
        super().__init__(parent)
        self.show_view = show_view  # MainWindow.show_view: opens an area by module name, returns its widget
        self.setPlaceholderText(self.tr("查预案：火灾、地下车库进水怎么办……"))
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(220)
        self.returnPressed.connect(self.search)

    def search(self) -> None:
        query = self.text().strip()
        if query:
            self.show_view("plans").search_for(query)
            self.clear()
