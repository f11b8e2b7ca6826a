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


def translate(context: str, text: str) -> str:
    """Translate outside a QObject (e.g. a view module's title) through Qt's catalogue."""
    return QCoreApplication.translate(context, text)
