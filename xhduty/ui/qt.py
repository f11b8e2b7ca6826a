"""The one door to Qt: every ui module imports Qt names from here (one place to pin and to add helpers)."""

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QCoreApplication, Qt

# Every other name is looked up in its PySide6 module when first imported from here (PEP 562 __getattr__):
# PySide6 builds a class, with all its enums, on first access (about 0.5 ms a class, 8 ms for QStyle), and
# the window's first paint needs about two thirds of them (issue 11: first paint ≤ 0.6 s at 100k entries).
_NAMES = {
    QtCore: (
        "QAbstractTableModel", "QByteArray", "QDate", "QDateTime", "QEvent", "QModelIndex",
        "QObject", "QPoint", "QRect", "QRunnable", "QSize", "QSortFilterProxyModel", "QStringListModel", "QThreadPool",
        "QTime", "QTimer", "QUrl", "QT_TRANSLATE_NOOP", "Signal", "Slot",
    ),
    QtGui: (
        "QAction", "QBrush", "QColor", "QFont", "QFontDatabase", "QFontMetrics", "QGuiApplication", "QIcon",
        "QKeySequence", "QPainter", "QPalette", "QShortcut", "QStandardItem", "QStandardItemModel", "QTextDocument",
    ),
    QtWidgets: (
        "QAbstractButton", "QAbstractItemView", "QApplication", "QCheckBox", "QComboBox", "QCompleter", "QDateEdit",
        "QDateTimeEdit", "QDialog", "QDialogButtonBox", "QFileDialog", "QFormLayout", "QFrame", "QGridLayout",
        "QGroupBox", "QHBoxLayout", "QHeaderView", "QInputDialog", "QLabel", "QLayout", "QLineEdit", "QListView",
        "QListWidget", "QListWidgetItem", "QMainWindow", "QMenu", "QMessageBox", "QPlainTextEdit", "QProgressDialog",
        "QPushButton", "QScrollArea", "QSizePolicy", "QSpinBox", "QSplitter", "QStackedWidget", "QStatusBar", "QStyle",
        "QSystemTrayIcon", "QTabWidget", "QTableView", "QTextEdit", "QToolBar", "QTreeView", "QTreeWidget",
        "QTreeWidgetItem", "QVBoxLayout", "QWidget",
    ),
}
_MODULE_OF = {name: module for module, names in _NAMES.items() for name in names}


def __getattr__(name: str):
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = globals()[name] = getattr(module, name)
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_MODULE_OF})


# PySide6 6.x finds an unscoped enum name such as Qt.DisplayRole through a compatibility lookup that costs
# ~5 µs, and a table model's data() compares roles ~1,000 times a paint (the contacts list spent 75 ms of
# each paint there).  Binding the item-data roles on Qt once makes that lookup a plain attribute (0.1 µs).
for _name, _role in Qt.ItemDataRole.__members__.items():
    setattr(Qt, _name, _role)
del _name, _role


def translate(context: str, text: str) -> str:
    """Translate outside a QObject (e.g. a view module's title) through Qt's catalogue."""
    return QCoreApplication.translate(context, text)
