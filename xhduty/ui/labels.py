"""Labels for narrow windows."""

from __future__ import annotations

from xhduty.ui.qt import QLabel, QSize, QSizePolicy, Qt


class ElidedLabel(QLabel):
    """One line of plain text that gives way first: it takes the width its layout has left, ends in "…"
    when that is narrower than the text, and shows the whole text as its tooltip.  The status bar's shift
    line is one: at 150 % display scaling (910 logical pixels across a 1366×768 screen) it squeezed the
    sync state beside it to "未配置同" and "上次同步 从" (issue 19.8)."""

    def __init__(self, text: str = "", parent=None):
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.setTextFormat(Qt.PlainText)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        self._full = text
        self.setToolTip(text)
        self._elide()

    def text(self) -> str:
        """The whole text, however little of it shows."""
        return self._full

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(0, super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        super().setText(self.fontMetrics().elidedText(self._full, Qt.ElideRight, max(0, self.width())))
