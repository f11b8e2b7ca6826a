"""Weather warning signals (气象预警信号) as the city issues them, and what they set off.

The officer records each signal the Shanghai meteorological service issues (type, colour, issued time,
source) and its lifting; each is written to the duty log.  Active signals show in the status bar and on
the handover sheet, and drive plan matching: plans name the signals that start each response level
(e.g. the flood plan's Ⅱ级 response starts on 暴雨橙色 or 台风橙色), so a signal proposes its plan even
before any incident is opened.

A new signal of a type that is already active replaces it (an upgrade from 黄色 to 橙色 lifts the 黄色
one at the same moment), as the city's own notices do.
"""

from __future__ import annotations

from datetime import datetime

from xhduty.core import clock
from xhduty.core.alerts import Section
from xhduty.core.duty import duty
from xhduty.core.store import Store, StoreError

# Colours each type is issued in (REFERENCE.md; the types it does not list follow the national
# 气象灾害预警信号 practice).  Order: least to most severe.
COLOURS: dict[str, tuple[str, ...]] = {
    "台风": ("蓝", "黄", "橙", "红"), "暴雨": ("蓝", "黄", "橙", "红"), "暴雪": ("蓝", "黄", "橙", "红"),
    "寒潮": ("蓝", "黄", "橙", "红"), "大风": ("蓝", "黄", "橙", "红"),
    "高温": ("黄", "橙", "红"), "沙尘暴": ("黄", "橙", "红"), "干旱": ("橙", "红"),
    "雷电": ("黄", "橙", "红"), "冰雹": ("橙", "红"), "霜冻": ("蓝", "黄", "橙"),
    "大雾": ("黄", "橙", "红"), "霾": ("黄", "橙"), "道路结冰": ("黄", "橙", "红"), "臭氧": ("黄", "橙"),
}
# Warning colour → the response level it implies (蓝 = 四级 … 红 = 一级).
COLOUR_LEVEL = {"蓝": "IV", "黄": "III", "橙": "II", "红": "I"}


def split(spec: str) -> tuple[str, str] | None:
    """'暴雨橙色', '暴雨橙', '暴雨 橙色' or the full name '暴雨橙色预警信号' → ('暴雨', '橙'); None when it is
    not a known type and colour."""
    spec = "".join((spec or "").split()).removesuffix("信号").removesuffix("预警").removesuffix("色")
    for kind in sorted(COLOURS, key=len, reverse=True):
        if spec.startswith(kind) and spec[len(kind):] in COLOURS[kind]:
            return kind, spec[len(kind):]
    return None


def problem(spec: str) -> str | None:
    """Why ``spec`` is not a valid signal (in Chinese), or None."""
    if split(spec):
        return None
    kind = next((k for k in COLOURS if spec.startswith(k)), None)
    if kind:
        return f"{spec}：{kind}预警信号只有 {'、'.join(c + '色' for c in COLOURS[kind])}"
    return f"{spec}：不是预警信号（类型应为 {'、'.join(COLOURS)} 之一，后接颜色，如 暴雨橙色）"


def label(signal: dict) -> str:
    """A signal's name as people say it: ``{"type": "暴雨", "colour": "橙"}`` → ``暴雨橙色预警``."""
    return f"{signal['type']}{signal['colour']}色预警"


def active_signals(store: Store) -> list[dict]:
    """Signals in force, most severe first (what the status bar shows): per type, the latest issued,
    unless a signal of that type was lifted after it was issued.

    Decided per type rather than per record because the same city signal may be recorded at several
    stations and arrive by sync: the centre lifting its record lifts the type everywhere.
    """
    latest: dict[str, dict] = {}
    lifted: dict[str, str] = {}
    for row in store.query("SELECT * FROM weather_signals WHERE deleted = 0 ORDER BY issued_at"):
        latest[row["type"]] = dict(row)
        if row["lifted_at"]:
            lifted[row["type"]] = max(lifted.get(row["type"], ""), row["lifted_at"])
    # a replaced signal is lifted at the very time its successor is issued, which stays in force
    active = [s for kind, s in latest.items() if lifted.get(kind, "") <= s["issued_at"] and not s["lifted_at"]]
    return sorted(active, key=lambda s: -list(COLOUR_LEVEL).index(s["colour"]))


def recent_signals(store: Store, limit: int = 50) -> list[dict]:
    """The ``limit`` latest recorded signals, lifted ones included, newest first: dicts of the
    ``weather_signals`` columns (type, colour, issued_at, lifted_at or None, source, note)."""
    return [dict(r) for r in store.query(
        "SELECT * FROM weather_signals WHERE deleted = 0 ORDER BY issued_at DESC LIMIT ?", (limit,))]


def _log(tx, text: str) -> None:
    shift = duty.current_shift(tx.store)
    duty.append_entry(tx, kind="warning", text=text, significant=True,
                      shift_id=shift["id"] if shift else None,
                      author=duty.at_keyboard(tx.store, shift))


def record_signal(store: Store, spec: str, *, issued_at: datetime | None = None, source: str = "上海市气象台",
                  note: str = "") -> str:
    """Record a signal (e.g. '暴雨橙色') issued at ``issued_at``; an active one of the same type is lifted."""
    parsed = split(spec)
    if parsed is None:
        raise StoreError(problem(spec))
    kind, colour = parsed
    at = issued_at or clock.now()
    with store.write() as tx:
        replaced = [old for old in active_signals(store) if old["type"] == kind]
        for old in replaced:
            tx.update("weather_signals", old["id"], {"lifted_at": clock.iso(at)})
        signal_id = tx.insert("weather_signals", {
            "type": kind, "colour": colour, "issued_at": clock.iso(at), "source": source.strip(),
            "note": note.strip(),
        })
        text = f"{source.strip() or '气象部门'} {at:%H:%M} 发布{kind}{colour}色预警信号"
        if note.strip():
            text += f"：{note.strip()}"
        _log(tx, text + (f"（{label(replaced[0])}同时解除）" if replaced else ""))
    return signal_id


def lift_signal(store: Store, signal_id: str, *, lifted_at: datetime | None = None) -> None:
    """Lift signal ``signal_id`` at ``lifted_at`` (now) and log it.  StoreError when there is no such signal,
    it was lifted already (checked inside the transaction: two windows cannot both lift it), or ``lifted_at``
    is before it was issued (now before then — the clock went back — lifts it at the time it was issued)."""
    with store.write() as tx:
        signal = store.get("weather_signals", signal_id)
        if signal is None or signal["deleted"]:
            raise StoreError(f"没有编号为 {signal_id} 的预警信号")
        if signal["lifted_at"]:
            raise StoreError(f"{label(signal)}已于 {signal['lifted_at'][:16].replace('T', ' ')} 解除")
        issued = clock.parse(signal["issued_at"])
        if lifted_at is not None and lifted_at < issued:
            raise StoreError(f"解除时间 {lifted_at:%m-%d %H:%M} 早于{label(signal)}的发布时间 {issued:%m-%d %H:%M}："
                             "请核对填写的时间")
        at = max(lifted_at or clock.now(), issued)
        tx.update("weather_signals", signal_id, {"lifted_at": clock.iso(at)})
        _log(tx, f"{at:%H:%M} {label(signal)}解除")


def handover_section(store: Store) -> Section | None:
    """Active signals on the handover sheet: the next shift must know them."""
    active = active_signals(store)
    if not active:
        return None
    return Section(title="生效中的预警信号", rows=[
        f"{label(s)}（{s['source']}，{s['issued_at'][:16].replace('T', ' ')} 发布）" for s in active])
