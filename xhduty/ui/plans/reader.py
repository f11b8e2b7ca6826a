"""Reading one plan: its outline of headings on the left, the plan section by section on the right.

The page starts with what an officer needs in the first minute — kind, owner, review date, each response
level with its triggers, lead body and actions, the groups to notify and resources to ready — and then
the full text.  Opened from a search hit, it scrolls to the hit's section and marks the searched words.
"""

from __future__ import annotations

from html import escape

from xhduty.core import refdata, search
from xhduty.core.plans import plans
from xhduty.core.plans.plan_file import LEVEL_NAMES
from xhduty.ui.qt import QSplitter, Qt, QTextEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

_MARK = '<span style="background:#FFE58F;">'


def _marked(text: str, wanted: list[str]) -> str:
    """``text`` as HTML with the searched terms highlighted."""
    if not wanted:
        return escape(text).replace("\n", "<br/>")
    out = []
    for line in text.split("\n"):
        whole, spans = search.excerpt(line, wanted, width=max(1, len(line)))  # wide enough: the whole line
        out.append(search.marked(whole, spans, "\x00", "\x01"))
    return escape("\n".join(out)).replace("\x00", _MARK).replace("\x01", "</span>").replace("\n", "<br/>")


class PlanReader(QWidget):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.plan: dict | None = None
        self.outline = QTreeWidget()
        self.outline.setHeaderHidden(True)
        self.outline.itemActivated.connect(self._go)
        self.outline.itemClicked.connect(self._go)
        self.text = QTextEdit()
        self.text.setReadOnly(True)
        split = QSplitter(Qt.Horizontal)
        split.addWidget(self.outline)
        split.addWidget(self.text)
        split.setSizes([220, 620])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    def show_plan(self, plan_id: str, section_no: int | None = None, query: str = "") -> None:
        self.plan = plans.get_plan(self.store, plan_id)
        wanted = search.content_terms(query) if query.strip() else []
        self._fill_outline()
        self.text.setHtml(self._html(wanted))
        if section_no is not None:
            self.go_to_section(section_no)
        else:
            self.text.scrollToAnchor("top")

    def forget_removed(self) -> None:
        """When the plan shown was removed from the library (here or by sync), say so instead of showing it:
        nothing can be edited or exported from it any more."""
        if self.plan is None:
            return
        row = self.store.get("plans", self.plan["id"])
        if row is None or row["deleted"]:
            title = self.plan["title"]
            self.plan = None
            self.outline.clear()
            self.text.setHtml("<p>" + escape(self.tr("预案《{title}》已从预案库删除。").format(title=title)) + "</p>")

    def go_to_section(self, section_no: int) -> None:
        self.text.scrollToAnchor(f"s{section_no}")
        item = self._items.get(section_no)
        if item is not None:
            self.outline.setCurrentItem(item)

    def _go(self, item, _column=0) -> None:
        self.go_to_section(item.data(0, Qt.UserRole))

    def _fill_outline(self) -> None:
        self.outline.clear()
        self._items: dict[int, QTreeWidgetItem] = {}
        parents: list[QTreeWidgetItem] = []
        for n, section in enumerate(self.plan["sections"]):
            depth = max(1, section["depth"])
            parents = parents[:depth - 1]
            parent = parents[-1] if parents else None
            item = QTreeWidgetItem([section["heading"] or self.tr("（前言）")])
            item.setData(0, Qt.UserRole, n)
            (parent.addChild(item) if parent else self.outline.addTopLevelItem(item))
            while len(parents) < depth - 1:
                parents.append(item)
            parents.append(item)
            self._items[n] = item
        self.outline.expandAll()

    def _html(self, wanted: list[str]) -> str:
        p = self.plan
        parts = [f'<a name="top"></a><h2>{escape(p["title"])}</h2>']
        if p["sample"]:
            parts.append('<p style="color:#B00020;">' + self.tr("示例数据：示例预案库中的预案，不是本区正式发布的预案。") + "</p>")
        owner_label = self.tr("编制单位")
        facts = [(self.tr("类别"), p["kind"]), (self.tr("编号"), p["code"]), (owner_label, p["owner"]),
                 (self.tr("版本"), p["version"]), (self.tr("发布"), p["issued"] or ""),
                 (self.tr("评估到期"), p["review_due"] or ""),
                 # plans of one title from several documents (each street's 防汛防台应急预案) told apart
                 (self.tr("导入自"), "" if p["structured"] else p["source"])]
        guessed = set(p.get("inferred") or [])
        tag = '<span style="background:#FFF3CD;color:#8A6D3B;">' + self.tr("推断") + "</span>"
        mark = lambda field: f" {tag}" if field in guessed else ""  # noqa: E731
        parts.append("<p>" + "　".join(f"<b>{k}</b> {escape(v)}{mark('owner') if k == owner_label else ''}"
                                      for k, v in facts if v) + "</p>")
        names = {t["code"]: t["name"] for t in refdata.event_types(self.store)}
        hazards = "、".join(f"{names.get(h, h)}（{h}）" for h in p["hazards"]) or self.tr("未指定")
        hazards_label = self.tr("适用事件类型")
        parts.append(f"<p><b>{hazards_label}</b> {escape(hazards)}{mark('hazards')}</p>")
        if guessed:
            parts.append('<p style="color:#8A6D3B;">' + self.tr(
                "标“推断”的内容由导入时从文档推断，请核对：按 Ctrl+E 修改或确认。") + "</p>")
        elif not p["structured"] and not p["levels"]:
            parts.append('<p style="color:#8A6D3B;">' + self.tr("未结构化：由文档导入，尚未填写响应分级。") + "</p>")
        for level in p["levels"]:
            parts.append("<h3>" + self.tr("{level}响应 — 牵头：{lead}").format(
                level=LEVEL_NAMES[level["level"]], lead=escape(level["lead"])) + mark("levels") + "</h3>")
            triggers = level["triggers"] + [s + self.tr("预警信号") for s in level.get("signals", [])]
            parts.append("<p><b>" + self.tr("启动条件") + f"</b>：{escape('；'.join(triggers))}</p><ol>")
            for a in level["actions"]:
                limit = f"，{escape(a['within'])}" if a["within"] else ""
                parts.append(f"<li>{escape(a['step'])}（{escape(a['unit'])}{limit}）</li>")
            parts.append("</ol>")
        if p["notify"]:
            parts.append("<p><b>" + self.tr("通知") + f"</b>：{escape('、'.join(p['notify']))}</p>")
        if p["resources"]:
            parts.append("<p><b>" + self.tr("资源准备") + f"</b>：{escape('、'.join(p['resources']))}</p>")
        for n, s in enumerate(p["sections"]):
            size = {1: "h3", 2: "h4"}.get(s["depth"], "h5")
            parts.append(f'<a name="s{n}"></a><{size}>{_marked(s["heading"], wanted)}</{size}>')
            if s["text"]:
                parts.append(f"<p>{_marked(s['text'], wanted)}</p>")
        return "".join(parts)
