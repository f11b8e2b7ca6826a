"""The one door to Qt: every ui module imports Qt names from here (one place to pin and to add helpers)."""

from PySide6.QtCore import (  # noqa: F401
    QAbstractTableModel, QByteArray, QCoreApplication, QDate, QDateTime, QEvent, QModelIndex, QObject, QPoint, QRect,
    QRunnable, QSize, QSortFilterProxyModel, QStringListModel, Qt, QThreadPool, QTime, QTimer, QUrl,
    QT_TRANSLATE_NOOP,
    Signal, Slot,
)
from PySide6.QtGui import (  # noqa: F401
    QAction, QBrush, QColor, QFont, QFontDatabase, QFontMetrics, QGuiApplication, QIcon, QKeySequence, QPainter,
    QPalette, QShortcut, QStandardItem, QStandardItemModel, QTextDocument,
)
from PySide6.QtWidgets import (  # noqa: F401
    QAbstractButton, QAbstractItemView, QApplication, QCheckBox, QComboBox, QCompleter, QDateEdit, QDateTimeEdit,
    QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QFrame, QGridLayout, QGroupBox, QHBoxLayout,
    QHeaderView, QInputDialog, QLabel, QLayout, QLineEdit, QListView, QListWidget, QListWidgetItem, QMainWindow, QMenu,
    QMessageBox, QPlainTextEdit, QProgressDialog, QPushButton, QScrollArea, QSizePolicy, QSpinBox,
    QSplitter, QStackedWidget, QStatusBar, QStyle, QSystemTrayIcon, QTabWidget, QTableView, QTextEdit,
    QToolBar, QTreeView, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

# PySide6 6.x finds an unscoped enum name such as Qt.DisplayRole through a compatibility lookup that costs
# ~5 µs, and a table model's data() compares roles ~1,000 times a paint (the contacts list spent 75 ms of
# each paint there).  Binding the item-data roles on Qt once makes that lookup a plain attribute (0.1 µs).
for _name, _role in Qt.ItemDataRole.__members__.items():
    setattr(Qt, _name, _role)
del _name, _role


def translate(context: str, text: str) -> str:
    """Translate outside a QObject (e.g. a view module's title) through Qt's catalogue."""
    return QCoreApplication.translate(context, text)
