"""The attachments strip any form can hold: thumbnails of a record's files, added by drop, paste, a file
dialog or Ctrl+Shift+A, opened by double-click or Enter, removed (a tombstone) by Del.

Checking and hashing a file (a 10 MB photo: its hash, a full decode to catch a truncated image, the
thumbnail) runs on a worker through :func:`xhduty.ui.tasks.run_task`; the GUI thread only lists what is
there.  A strip for a record not yet saved (``record_id`` None) stores the files as they are added and
keeps them *pending* (:attr:`AttachmentsStrip.pending`): the form hands them to the core function that
creates the record, which writes their metadata in the same transaction — a refused save records none.
A refused file is named with the reason in a message box.  A form's text boxes can pass dropped and
pasted files on to the strip (:meth:`AttachmentsStrip.take_files_from`).
"""

from __future__ import annotations

import uuid
from pathlib import Path

from xhduty.core import attachments
from xhduty.core.store import Store, StoreError
from xhduty.ui.qt import (
    QAbstractItemView, QApplication, QEvent, QFileDialog, QHBoxLayout, QIcon, QKeySequence, QListView,
    QListWidget, QListWidgetItem, QMessageBox, QPushButton, QShortcut, QSize, Qt, QUrl, QVBoxLayout, QWidget,
    QStyle, QT_TRANSLATE_NOOP, translate,
)
from xhduty.ui.labels import ElidedLabel
from xhduty.ui.ops import run_op, run_op_in_background
from xhduty.ui.tasks import run_task
from PySide6.QtGui import QDesktopServices  # not (yet) among xhduty.ui.qt's names

ATTACHMENT_ROLE = Qt.UserRole + 2
FILE_FILTER = QT_TRANSLATE_NOOP("attachments", "可附加的文件 (*.jpg *.jpeg *.png *.tif *.tiff *.bmp *.heic *.pdf *.docx *.xlsx *.pptx *.doc *.xls *.ppt *.wps *.et);;所有文件 (*)")
ROLE_LABELS = {"": QT_TRANSLATE_NOOP("attachments", "附件"), "before": QT_TRANSLATE_NOOP("attachments", "整改前"),
               "after": QT_TRANSLATE_NOOP("attachments", "整改后")}


class AttachmentsStrip(QWidget):
    """Files of one record (``table``/``record_id``), new ones attached with ``role``.

    ``ctx`` is the window's AppContext: what the strip writes (attaching to a saved record, removing) goes
    through :func:`xhduty.ui.ops.run_op` and is announced there.  A form that only collects files for a
    record it is about to create may pass just the Store.  ``compact`` hides the empty list, leaving one
    line (the log-entry form stays small while an officer types)."""

    def __init__(self, ctx, table: str, record_id: str | None = None, role: str = "", parent=None,
                 shortcut: bool = True, compact: bool = False):
        super().__init__(parent)
        self.ctx = None if isinstance(ctx, Store) else ctx
        self.store = ctx if isinstance(ctx, Store) else ctx.store
        self.table, self.record_id, self.role, self.compact = table, record_id, role, compact
        self.pending: list[attachments.StoredFile] = []
        self.roles: tuple[str, ...] | None = None  # show only these roles (None: all)
        self.busy = 0
        self.fetching = False
        self.setAcceptDrops(True)
        self.list = QListWidget()
        self.list.setViewMode(QListView.IconMode)
        self.list.setIconSize(QSize(96, 72))
        self.list.setGridSize(QSize(130, 112))
        self.list.setResizeMode(QListView.Adjust)
        self.list.setMovement(QListView.Static)
        self.list.setWordWrap(True)
        self.list.setSelectionMode(QAbstractItemView.SingleSelection)
        self.list.setMinimumHeight(124)
        if compact:
            self.list.setMaximumHeight(124)  # one row of thumbnails: the form keeps its size
        self.list.itemActivated.connect(self.open_item)
        self.list.setAcceptDrops(False)  # the strip takes the drop
        self.add_button = QPushButton(self.tr("添加文件… (Ctrl+Shift+A)"))
        self.add_button.clicked.connect(self.choose_files)
        self.add_button.setAutoDefault(False)  # Enter in a form saves it, never opens the file dialog
        # never widens the form; in a narrow pane it ends in "…" (the whole text as its tooltip), not cut mid-word
        self.status = ElidedLabel(self.tr("拖入文件、粘贴（Ctrl+V）或点“添加文件”"))
        self.status.setStyleSheet("color: #666666;")
        self.fetch_button = QPushButton()  # shown while some file is 未下载
        self.fetch_button.clicked.connect(lambda: self.fetch([a for a in self.items() if not a["present"]]))
        self.fetch_button.setAutoDefault(False)
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        bar.addWidget(self.fetch_button)
        bar.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(bar)
        if shortcut:  # one strip per window with the key: two live ones would make it ambiguous
            QShortcut(QKeySequence("Ctrl+Shift+A"), self, activated=self.choose_files)  # anywhere in its window
        else:
            self.add_button.setText(self.tr("添加文件…"))
        self.list.installEventFilter(self)  # Ctrl+V and Del on the list itself, not as window shortcuts
        self.feeders: set = set()
        self.reload()

    def take_files_from(self, *widgets) -> None:
        """Files dropped on ``widgets`` (a form's text boxes), and files or a picture pasted into them with
        Ctrl+V, are attached here; pasted text stays the box's own."""
        for w in widgets:
            target = w.viewport() if hasattr(w, "viewport") else w  # a scroll area's drops reach its viewport
            target.setAcceptDrops(True)
            target.installEventFilter(self)
            w.installEventFilter(self)
            self.feeders |= {target, w}

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if watched is self.list and kind == QEvent.KeyPress:
            if event.matches(QKeySequence.Paste):
                self.paste()
                return True
            if event.matches(QKeySequence.Delete):
                self.remove_selected()
                return True
        elif watched in self.feeders:
            if kind == QEvent.KeyPress and event.matches(QKeySequence.Paste) and _clipboard_has_files():
                self.paste()
                return True
            if kind in (QEvent.DragEnter, QEvent.DragMove) and _local_files(event.mimeData()):
                event.acceptProposedAction()
                return True
            if kind == QEvent.Drop and _local_files(event.mimeData()):
                self.add_files(_local_files(event.mimeData()))
                event.acceptProposedAction()
                return True
        return super().eventFilter(watched, event)

    # -------------------------------------------------------------------------------- showing
    def set_record(self, table: str, record_id: str | None) -> None:
        self.table, self.record_id = table, record_id
        self.pending = []
        self.reload()

    def only_roles(self, roles: tuple[str, ...]) -> None:
        """Show only attachments of these roles (a hazard's before and after photos in two strips)."""
        self.roles = roles
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        rows = attachments.of_record(self.store, self.table, self.record_id) if self.record_id else []
        for a in rows:
            if self.roles is None or a["role"] in self.roles:
                self._add_item(a)
        for s in self.pending:
            thumb = attachments.thumb_path(self.store, s.sha256)  # made with the file, on the worker
            self._add_item({"id": None, "name": s.name, "role": self.role, "kind": s.kind, "sha256": s.sha256,
                            "present": True, "thumb": str(thumb) if thumb.exists() else None,
                            "path": str(attachments.file_path(self.store, s.sha256))})
        self.list.setVisible(not self.compact or self.list.count() > 0)
        absent = sum(not a["present"] for a in self.items())
        self.fetch_button.setText(self.tr("下载未下载的 {n} 个文件").format(n=absent))
        self.fetch_button.setVisible(absent > 0 and not self.fetching)

    def _add_item(self, a: dict) -> None:
        label = translate("attachments", ROLE_LABELS.get(a["role"], ROLE_LABELS[""]))
        item = QListWidgetItem(a["name"] if a["present"] else f"{a['name']}\n" + self.tr("未下载"))
        item.setData(ATTACHMENT_ROLE, a)
        item.setToolTip(f"{label}：{a['name']}" if a["present"] else
                        self.tr("{label}：{name}（未下载：双击或按 Enter 从同步中心下载）").format(label=label, name=a["name"]))
        if not a["present"]:
            item.setIcon(self.style().standardIcon(QStyle.SP_ArrowDown))
        elif a.get("thumb"):
            item.setIcon(QIcon(a["thumb"]))
        else:
            item.setIcon(self.style().standardIcon(QStyle.SP_FileIcon))
            if a["present"] and a["kind"] in attachments.IMAGE_KINDS:
                self._make_thumbnail(a["sha256"])
        self.list.addItem(item)

    def _make_thumbnail(self, sha256: str) -> None:
        run_task(self.store, lambda store, _p: attachments.thumbnail(store, sha256),
                 done=lambda path: self._thumbnail_ready(sha256, path))

    def _thumbnail_ready(self, sha256: str, path) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if path and item.data(ATTACHMENT_ROLE)["sha256"] == sha256:
                item.setIcon(QIcon(str(path)))

    def items(self) -> list[dict]:
        return [self.list.item(i).data(ATTACHMENT_ROLE) for i in range(self.list.count())]

    # -------------------------------------------------------------------------------- adding
    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("选择要附加的文件"), "",
                                                translate("attachments", FILE_FILTER))
        self.add_files([Path(n) for n in names])

    def paste(self) -> None:
        """Files copied in a file manager, or an image copied from a program (saved as PNG first)."""
        data = QApplication.clipboard().mimeData()
        if _local_files(data):
            self.add_files(_local_files(data))
        elif data.hasImage():
            image = QApplication.clipboard().image()
            target = attachments.files_dir(self.store) / "tmp" / f"粘贴的图片-{uuid.uuid4().hex[:8]}.png"
            target.parent.mkdir(parents=True, exist_ok=True)
            image.save(str(target), "PNG")
            self.add_files([target], remove_after=True, name="粘贴的图片.png")

    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if _local_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        self.add_files(_local_files(event.mimeData()))
        event.acceptProposedAction()

    def add_files(self, paths: list[Path], remove_after: bool = False, name: str | None = None) -> None:
        """Check and store each file on a worker; attach it (or keep it pending) when it is in.  A form
        asks :attr:`busy` before it saves."""
        for path in paths:
            self.busy += 1
            self.status.setText(self.tr("正在检查并保存 {name}…").format(name=name or path.name))
            if self.record_id:
                run_op_in_background(self.ctx, self, _store_and_attach, path, remove_after, name, self.table,
                                     self.record_id, self.role, refused=self.tr("未附加"), done=self._attached)
            else:
                run_task(self.store, lambda store, _p, path=path: _store_and_attach(store, path, remove_after, name),
                         done=self._stored, failed=self._refused)

    def _attached(self, done) -> None:
        self.busy -= 1
        self.status.setText(self.tr("已附加 {name}").format(name=done.result.name) if done.ok else self.tr("未附加"))
        self.reload()

    def _stored(self, stored: attachments.StoredFile) -> None:
        self.busy -= 1
        self.pending.append(stored)
        self.status.setText(self.tr("已附加 {name}（随记录保存）").format(name=stored.name))
        self.reload()

    def _refused(self, message: str) -> None:
        self.busy -= 1
        self.status.setText(self.tr("未附加"))
        QMessageBox.warning(self, self.tr("未附加"), message)

    # -------------------------------------------------------------------------------- using
    def open_item(self, item: QListWidgetItem) -> None:
        a = item.data(ATTACHMENT_ROLE)
        if not a["present"]:
            answer = QMessageBox.question(self, self.tr("未下载"),
                                          self.tr("{name} 尚未下载到本站。现在从同步中心下载？").format(name=a["name"]))
            if answer == QMessageBox.Yes:
                self.fetch([a])
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(a["path"]))

    def fetch(self, wanted: list[dict]) -> None:
        """未下载: get these files from the hub on a worker (each resuming a cut download), then show them.
        A file that cannot be had is named with the reason; the others still come."""
        if not wanted or self.fetching:
            return
        self.fetching = True
        self.fetch_button.hide()
        self.status.setText(self.tr("正在从同步中心下载 {n} 个文件…").format(n=len(wanted)))

        def work(store, _progress):
            from xhduty.sync import files  # httpx loads at the first fetch, not with the form

            failed = []
            with files.connect(store) as client:
                for a in wanted:
                    try:
                        files.fetch(store, client, a["sha256"], a["name"])
                    except files.SyncError:
                        raise  # the hub out of reach: the rest would fail alike
                    except StoreError as exc:
                        failed.append(str(exc))
            return failed

        run_task(self.store, work, done=self._fetched, failed=lambda message: self._fetched([message]))

    def _fetched(self, failed: list[str]) -> None:
        self.fetching = False
        self.reload()
        if failed:
            self.status.setText(self.tr("未下载"))
            QMessageBox.warning(self, self.tr("未下载"), "\n".join(failed))
        else:
            self.status.setText(self.tr("已下载"))

    def remove_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        a = item.data(ATTACHMENT_ROLE)
        if a["id"] is None:
            self.pending = [s for s in self.pending if s.sha256 != a["sha256"]]
            self.reload()
            return
        answer = QMessageBox.question(self, self.tr("移除附件"),
                                      self.tr("从本记录移除 {name}？（文件仍留存于本站，可追溯）").format(name=a["name"]))
        if answer != QMessageBox.Yes:
            return
        run_op(self.ctx, self, attachments.remove, a["id"], refused=self.tr("未移除"))
        self.reload()


def _store_and_attach(store: Store, path: Path, remove_after: bool, name: str | None, table: str | None = None,
                      record_id: str | None = None, role: str = "") -> attachments.StoredFile:
    """On a worker: check and store one file, make its thumbnail, and attach it to a saved record."""
    try:
        stored = attachments.ingest(store, path, name=name)
        attachments.thumbnail(store, stored.sha256)
        if record_id:
            attachments.attach_stored(store, stored, table, record_id, role)
        return stored
    finally:
        if remove_after:
            path.unlink(missing_ok=True)


def _local_files(data) -> list[Path]:
    return [Path(u.toLocalFile()) for u in data.urls() if u.isLocalFile()] if data.hasUrls() else []


def _clipboard_has_files() -> bool:
    """Files, or a picture without text (a screenshot): what Ctrl+V in a form's text box attaches."""
    data = QApplication.clipboard().mimeData()
    return bool(_local_files(data)) or (data.hasImage() and not data.hasText())
