"""The attachments strip any form can hold: thumbnails of a record's files, added by drop, paste, a file
dialog or Ctrl+Shift+A, opened by double-click or Enter, removed (a tombstone) by Del.

Checking and hashing a file (a 10 MB photo: its hash, a full decode to catch a truncated image, the
thumbnail) runs on a worker through :func:`xhduty.ui.tasks.run_task`; the GUI thread only lists what is
there.  A strip for a record not yet saved (``record_id`` None) stores the files as they are added and
keeps them *pending*: the form writes their metadata with :meth:`AttachmentsStrip.record_pending` inside
its own transaction when it saves.  A refused file is named with the reason in a message box.
"""

from __future__ import annotations

from pathlib import Path

import httpx

from xhduty.core import attachments
from xhduty.core.attachments import transfer
from xhduty.core.store import StoreError
from xhduty.ui.qt import (
    QAbstractItemView, QApplication, QEvent, QFileDialog, QHBoxLayout, QIcon, QKeySequence, QLabel, QListView,
    QListWidget, QListWidgetItem, QMessageBox, QPushButton, QShortcut, QSize, QSizePolicy, Qt, QUrl, QVBoxLayout, QWidget,
    QStyle, QT_TRANSLATE_NOOP, translate,
)
from xhduty.ui.tasks import run_task
from PySide6.QtGui import QDesktopServices  # not (yet) among xhduty.ui.qt's names

ATTACHMENT_ROLE = Qt.UserRole + 2
FILE_FILTER = QT_TRANSLATE_NOOP("attachments", "可附加的文件 (*.jpg *.jpeg *.png *.tif *.tiff *.bmp *.heic *.pdf *.docx *.xlsx *.pptx *.doc *.xls *.ppt *.wps *.et);;所有文件 (*)")
ROLE_LABELS = {"": QT_TRANSLATE_NOOP("attachments", "附件"), "before": QT_TRANSLATE_NOOP("attachments", "整改前"),
               "after": QT_TRANSLATE_NOOP("attachments", "整改后")}


class AttachmentsStrip(QWidget):
    """Files of one record (``table``/``record_id``), new ones attached with ``role``; emits nothing —
    it calls ``ctx.changed({'attachments'})`` after writing."""

    def __init__(self, ctx, table: str, record_id: str | None = None, role: str = "", parent=None,
                 shortcut: bool = True):
        super().__init__(parent)
        self.ctx, self.table, self.record_id, self.role = ctx, table, record_id, role
        self.pending: list[attachments.StoredFile] = []
        self.roles: tuple[str, ...] | None = None  # show only these roles (None: all)
        self.busy = 0
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
        self.list.itemActivated.connect(self.open_item)
        self.list.setAcceptDrops(False)  # the strip takes the drop
        self.add_button = QPushButton(self.tr("添加文件… (Ctrl+Shift+A)"))
        self.add_button.clicked.connect(self.choose_files)
        self.add_button.setAutoDefault(False)  # Enter in a form saves it, never opens the file dialog
        self.status = QLabel(self.tr("拖入文件、粘贴（Ctrl+V）或点“添加文件”"))
        self.status.setStyleSheet("color: #666666;")
        self.status.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)  # never widens the form
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
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
        self.reload()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.list and event.type() == QEvent.KeyPress:
            if event.matches(QKeySequence.Paste):
                self.paste()
                return True
            if event.matches(QKeySequence.Delete):
                self.remove_selected()
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
        rows = attachments.of_record(self.ctx.store, self.table, self.record_id) if self.record_id else []
        for a in rows:
            if self.roles is None or a["role"] in self.roles:
                self._add_item(a)
        for s in self.pending:
            self._add_item({"id": None, "name": s.name, "role": self.role, "kind": s.kind, "sha256": s.sha256,
                            "present": True, "thumb": None, "path": str(attachments.file_path(self.ctx.store, s.sha256))})

    def _add_item(self, a: dict) -> None:
        label = translate("attachments", ROLE_LABELS.get(a["role"], ROLE_LABELS[""]))
        item = QListWidgetItem(a["name"] if a["present"] else f"{a['name']}\n" + self.tr("未下载"))
        item.setData(ATTACHMENT_ROLE, a)
        item.setToolTip(f"{label}：{a['name']}")
        if a.get("thumb"):
            item.setIcon(QIcon(a["thumb"]))
        else:
            item.setIcon(self.style().standardIcon(QStyle.SP_FileIcon))
            if a["present"] and a["kind"] in attachments.IMAGE_KINDS:
                self._make_thumbnail(a["sha256"])
        self.list.addItem(item)

    def _make_thumbnail(self, sha256: str) -> None:
        run_task(self.ctx.store, lambda store, _p: attachments.thumbnail(store, sha256),
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
        if data.hasUrls():
            self.add_files([Path(u.toLocalFile()) for u in data.urls() if u.isLocalFile()])
        elif data.hasImage():
            image = QApplication.clipboard().image()
            target = attachments.files_dir(self.ctx.store) / "tmp" / "粘贴的图片.png"
            target.parent.mkdir(parents=True, exist_ok=True)
            image.save(str(target), "PNG")
            self.add_files([target], remove_after=True)

    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        self.add_files([Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()])
        event.acceptProposedAction()

    def add_files(self, paths: list[Path], remove_after: bool = False) -> None:
        """Check and store each file on a worker; attach it (or keep it pending) when it is in."""
        for path in paths:
            self.busy += 1
            self.status.setText(self.tr("正在检查并保存 {name}…").format(name=path.name))
            table, record_id, role = self.table, self.record_id, self.role

            def work(store, progress, path=path):
                try:
                    stored = attachments.ingest(store, path, progress=progress)
                    attachments.thumbnail(store, stored.sha256)
                    if record_id:
                        attachments.attach_stored(store, stored, table, record_id, role)
                    return stored
                finally:
                    if remove_after:
                        path.unlink(missing_ok=True)

            run_task(self.ctx.store, work, done=self._stored, failed=self._refused)

    def _stored(self, stored: attachments.StoredFile) -> None:
        self.busy -= 1
        if self.record_id:
            self.ctx.changed({"attachments"})
        else:
            self.pending.append(stored)
        self.status.setText(self.tr("已附加 {name}").format(name=stored.name))
        self.reload()

    def _refused(self, message: str) -> None:
        self.busy -= 1
        self.status.setText(self.tr("未附加"))
        QMessageBox.warning(self, self.tr("未附加"), message)

    def record_pending(self, tx, record_id: str) -> None:
        """Write the files added before the record existed, inside the form's own transaction."""
        for stored in self.pending:
            attachments.record(tx, stored, self.table, record_id, self.role)

    # -------------------------------------------------------------------------------- using
    def open_item(self, item: QListWidgetItem) -> None:
        a = item.data(ATTACHMENT_ROLE)
        if not a["present"]:
            self.fetch(a)
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(a["path"]))

    def fetch(self, a: dict) -> None:
        """未下载: get the file from the hub on a worker (resuming a cut download), then show it."""
        answer = QMessageBox.question(self, self.tr("未下载"),
                                      self.tr("{name} 尚未下载到本站。现在从同步中心下载？").format(name=a["name"]))
        if answer != QMessageBox.Yes:
            return
        self.status.setText(self.tr("正在下载 {name}…").format(name=a["name"]))

        def work(store, _progress):
            try:
                with transfer.hub_client(store) as client:
                    return transfer.fetch(store, client, a["sha256"], a["name"])
            except httpx.HTTPError as exc:
                raise StoreError(f"无法连接同步中心（{type(exc).__name__}），请联网后再下载") from exc

        run_task(self.ctx.store, work, done=lambda _stored: self.reload(),
                 failed=lambda message: QMessageBox.warning(self, self.tr("未下载"), message))

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
        try:
            attachments.remove(self.ctx.store, a["id"])
        except StoreError as exc:
            QMessageBox.warning(self, self.tr("未移除"), str(exc))
            return
        self.ctx.changed({"attachments"})
        self.reload()
