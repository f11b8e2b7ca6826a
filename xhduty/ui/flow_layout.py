"""A layout that lays its widgets out in a row and wraps onto the next line when the row is too narrow.

For an area's row of action buttons: on a scaled screen (1366×768 at 150 % leaves 910 logical pixels) the
buttons wrap instead of making the area scroll sideways.  A port of Qt's own Flow Layout example
(https://doc.qt.io/qt-6/qtwidgets-layouts-flowlayout-example.html), with height-for-width so the rows below
move down as the buttons wrap.  Use it where a QHBoxLayout of buttons was: ``row = FlowLayout()``,
``row.addWidget(button)``; stretches and spacers have no meaning here and are not supported.
"""

from __future__ import annotations

from xhduty.ui.qt import QLayout, QPoint, QRect, QSize, QSizePolicy, Qt


class FlowLayout(QLayout):
    def __init__(self, parent=None, spacing: int = -1):
        super().__init__(parent)
        self._items = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int):
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int):
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self):
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._lay_out(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._lay_out(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        """As wide as the widest single widget: narrower than that the row cannot wrap any further."""
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _gap(self, item, orientation) -> int:
        if self._spacing >= 0:
            return self._spacing
        widget = item.widget()
        style = widget.style() if widget else None
        if style is None:
            return 6
        return style.layoutSpacing(QSizePolicy.PushButton, QSizePolicy.PushButton, orientation)

    def _lay_out(self, rect: QRect, move: bool) -> int:
        """Place the items in rows within `rect` (when `move`); return the height they take."""
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, row_height = area.x(), area.y(), 0
        for item in self._items:
            if item.widget() is not None and item.widget().isHidden():   # hidden on purpose: takes no room
                continue
            hint = item.sizeHint()
            gap_x = self._gap(item, Qt.Horizontal)
            gap_y = self._gap(item, Qt.Vertical)
            if x + hint.width() > area.right() + 1 and row_height > 0:
                x, y, row_height = area.x(), y + row_height + gap_y, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + gap_x
            row_height = max(row_height, hint.height())
        return y + row_height - rect.y() + margins.bottom()


