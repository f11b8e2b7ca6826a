"""Dates and times as people type them — the one parser every importer, form and command line uses.

Dates (:func:`parse_date`): ``2026-12-01``, ``2026/12/1``, ``2026.12.1``, ``2026年12月1日（周二）``,
``20261201``, a date or datetime cell, and Excel serial numbers left in General-format cells (``46357`` is
2026-12-01, counted in Excel's 1900 date system from 1899-12-30) — but not a number from 1900 to 2100,
which is a year typed into a number cell (``2027.03`` is stored as a number), not a day of 1905.
Full-width digits and punctuation are read as their ASCII forms.  :func:`parse_expiry` also reads
长期/永久/无 as "no expiry", and an expiry given to the month (``2027年3月``, ``2027.3``, ``2027/03``) as
the last day of that month.

Times (:func:`parse_time`): a date as above, or nothing for today, followed by a time of day: ``15:05``,
``15:05:30``, ``3:05 PM``, ``下午3点``, ``下午3点半``, ``晚上8点15分``, ``上午9时30分``, ``下午三点``; an
ISO time with offset (``2026-12-01T15:05+08:00``); and ``24:00`` as the end of that day (00:00 of the
next).  A time without offset is Shanghai time.

Anything else raises :class:`DateError`, a ``StoreError`` (and ``ValueError``) whose Chinese text names the
value and the accepted forms.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, datetime, time, timedelta

from xhduty.core import clock, numerals
from xhduty.core.store import StoreError

DATE_FORMS = "2026-12-01、2026/12/1、2026.12.1、2026年12月1日"
TIME_FORMS = "15:05、3:05 PM、下午3点、下午3点半、2026-12-01 15:05、2026-12-01T24:00"
NO_EXPIRY = frozenset({"长期", "长期有效", "永久", "永久有效", "无", "无期限", "不限", "-", "—", "/"})
EXCEL_EPOCH = date(1899, 12, 30)   # Excel's 1900 system, counting its phantom 1900-02-29
_SERIALS = range(1, 2958466)       # 1900-01-01 … 9999-12-31
_YEARS = range(1900, 2101)         # a number cell holding one of these is a year someone typed, not a serial
CLOCK_SLACK = timedelta(minutes=10)  # how far ahead of this machine's clock a typed past moment may be (watches differ)

_DATE = re.compile(r"(?P<y>\d{4})\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*(?P<d>\d{1,2})\s*日?"
                   r"|(?P<cy>\d{4})(?P<cm>\d{2})(?P<cd>\d{2})")
_YEAR_MONTH = re.compile(r"(?P<y>\d{4})\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*月?")
_MONTH_DAY = re.compile(r"(?P<m>\d{1,2})\s*(?:月\s*(?P<d>\d{1,2})\s*[日号]?|[./](?P<d2>\d{1,2})(?![\d./]))")
# a day named before a time still to come: (days after today, the part of the day it implies)
_DAY_WORDS = {"今天": (0, ""), "今日": (0, ""), "今早": (0, "早上"), "今晚": (0, "晚上"), "明天": (1, ""),
              "明日": (1, ""), "明早": (1, "早上"), "明晨": (1, "早上"), "明晚": (1, "晚上"), "后天": (2, "")}
_DAY_WORD = re.compile("|".join(sorted(_DAY_WORDS, key=len, reverse=True)))
_WEEKDAY = re.compile(r"[(（]?\s*(?:周|星期|礼拜)[一二三四五六日天]\s*[)）]?")
_PERIODS = {"凌晨": "am", "早上": "am", "早晨": "am", "上午": "am", "中午": "noon", "午后": "pm", "下午": "pm",
            "傍晚": "pm", "晚上": "night", "夜里": "night", "夜间": "night", "am": "am", "a.m.": "am", "pm": "pm",
            "p.m.": "pm"}
_NUM = r"\d{1,2}|[零〇一二两三四五六七八九十]{1,3}"   # hours and minutes: below 60
_PERIOD = "|".join(sorted((re.escape(p) for p in _PERIODS), key=len, reverse=True))
_TIME = re.compile(
    rf"(?P<pre>{_PERIOD})?\s*"
    rf"(?:(?P<h>\d{{1,2}})\s*:\s*(?P<mi>\d{{2}})(?:\s*:\s*(?P<s>\d{{2}}(?:\.\d+)?))?"
    rf"|(?P<ch>{_NUM})\s*[点时](?:\s*(?P<half>半)|\s*(?P<cm>{_NUM})\s*分?|\s*整)?)"
    rf"\s*(?P<post>{_PERIOD})?", re.IGNORECASE)


class DateError(StoreError, ValueError):
    """A typed or imported value that is not a date or time; the text names it and the accepted forms."""


def _text(value) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", str(value))).strip()


def _match_date(text: str) -> tuple[date, str] | None:
    """(the date at the start of ``text``, what follows it), or None."""
    m = _DATE.match(text)
    if not m:
        return None
    y, mo, d = (m.group("y"), m.group("m"), m.group("d")) if m.group("y") else \
        (m.group("cy"), m.group("cm"), m.group("cd"))
    try:
        day = date(int(y), int(mo), int(d))
    except ValueError:
        return None
    rest = _WEEKDAY.sub("", text[m.end():], count=1).strip()
    return day, rest


def from_serial(number: float) -> date:
    """An Excel serial day number (1900 system) as a date; DateError outside 1900–9999."""
    if int(number) not in _SERIALS:
        raise DateError(f"“{number:g}”不是有效的日期（可写 {DATE_FORMS}）")
    return EXCEL_EPOCH + timedelta(days=int(number))


def parse_date(value) -> date:
    """A cell or typed text as a date.  Raises DateError (empty values too: callers decide what empty means)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    stored = _stored_form(value)
    if stored:
        return stored
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if int(value) in _YEARS:
            raise DateError(f"“{value:g}”是数字，像是年份而不是日期（可写 {DATE_FORMS}；"
                            "表格中请把该列设为文本或日期格式）")
        if isinstance(value, float) and not value.is_integer():
            value = int(value)   # a date-time serial: the day is the whole part
        return parse_date(str(int(value))) if 19000101 <= value <= 99991231 else from_serial(value)
    text = _text(value or "")
    found = _match_date(text)
    if found and not found[1]:
        return found[0]
    if text.isdigit() and len(text) == 5:   # a serial that came through as text (CSV, a text cell)
        return from_serial(int(text))
    raise DateError(f"“{value or ''}”不是有效的日期（可写 {DATE_FORMS}）")


def parse_expiry(value) -> date | None:
    """An expiry date, or None for empty and for 长期/永久/无 (no expiry); DateError otherwise.

    An expiry given to the month — 有效期至 ``2027年3月`` (also ``2027.3``, ``2027/03``, ``2027-03``), as
    packaging prints it — is the last day of that month: a date given to the month means usable through
    it (the labelling rule for medicines, 《药品说明书和标签管理规定》 art. 23, read the same way for
    other supplies)."""
    stored = _stored_form(value)
    if stored:
        return stored
    if value is None or (isinstance(value, str) and _text(value) in NO_EXPIRY | {""}):
        return None
    try:
        return parse_date(value)
    except DateError:
        month = _YEAR_MONTH.fullmatch(_text(value)) if isinstance(value, str) else None
        if month is None or not 1 <= int(month["m"]) <= 12:
            raise
        year, number = int(month["y"]), int(month["m"])
        return date(year, number, calendar.monthrange(year, number)[1])


def _stored_form(value) -> date | None:
    """The date of a text in the stored form YYYY-MM-DD, else None: what every write checks again, read
    without the typed forms' normalising and patterns (a 100,000-row ledger import checks 100,000)."""
    if isinstance(value, str) and len(value) == 10 and value[4] == value[7] == "-" and value.isascii():
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _time_of_day(text: str) -> tuple[int, int, float] | None:
    """(hour 0–24, minute, second) of a whole time-of-day text, or None when it is not one."""
    m = _TIME.fullmatch(text)
    if not m or (m.group("pre") and m.group("post")):
        return None
    if m.group("h") is not None:
        hour, minute, second = int(m.group("h")), int(m.group("mi")), float(m.group("s") or 0)
    else:
        hour = numerals.read(m.group("ch"))
        minute = 30 if m.group("half") else (numerals.read(m.group("cm")) if m.group("cm") else 0)
        second = 0.0
    period = _PERIODS.get((m.group("pre") or m.group("post") or "").lower())
    if period and not 1 <= hour <= 12:
        return None
    if period in ("pm", "night") and hour < 12:
        hour += 12
    elif period == "night" and hour == 12:   # 晚上12点 is midnight, the end of the day
        hour = 24
    elif period == "am" and hour == 12:
        hour = 0
    if hour > 24 or minute > 59 or second >= 60 or (hour == 24 and (minute or second)):
        return None
    return hour, minute, second


def parse_time(value, today: date | None = None, what: str = "") -> datetime:
    """A typed moment as an aware Shanghai datetime; a time alone is on ``today`` (default: clock.now()'s date).

    Raises DateError naming ``what`` (e.g. 接报时间), the value and :data:`TIME_FORMS`.
    """
    if isinstance(value, datetime):
        return value.replace(tzinfo=clock.SHANGHAI) if value.tzinfo is None else value.astimezone(clock.SHANGHAI)
    text = _text(value or "")
    try:
        return clock.parse(text)
    except ValueError:
        pass
    found = _match_date(text)
    day, rest = found if found else ((today or clock.now().date()), text)
    rest = rest.lstrip("Tt ").strip()
    offset = re.search(r"(?:Z|[+-]\d{2}:?\d{2})$", rest) if found else None
    if offset:
        rest = rest[:offset.start()].strip()
    hms = _time_of_day(rest) if rest else None
    if hms is None:
        raise DateError(f"{what}“{value or ''}”不是有效的时间（可写 {TIME_FORMS}）")
    hour, minute, second = hms
    naive = datetime.combine(day, time(0)) + timedelta(hours=hour, minutes=minute, seconds=second)
    if offset:
        return clock.parse(naive.isoformat() + offset.group(0).replace("Z", "+00:00"))
    return naive.replace(tzinfo=clock.SHANGHAI)


def parse_past(value, latest: datetime | None = None, what: str = "") -> datetime:
    """A typed moment that has already happened — a call taken, an entry's 发生时间, a signal issued — in any
    form :func:`parse_time` reads, or with a date that has no year (``6月3日 15:10``, ``6.3 15:10``).

    What is typed without its day or its year falls on the latest day or year that puts it no more than
    :data:`CLOCK_SLACK` after ``latest`` (default now): ``23:58`` typed at 00:05 is last night's, not
    tonight's a day ahead; ``12月31日 23:00`` typed on 2 January is last year's.  A full date is taken as
    typed (a future one is the caller's to refuse).  DateError as :func:`parse_time`."""
    latest = latest or clock.now()
    if isinstance(value, datetime):
        return parse_time(value)
    text = _text(value or "")
    yearless = None if _match_date(text) else _MONTH_DAY.match(text)
    if yearless:
        month, day = int(yearless["m"]), int(yearless["d"] or yearless["d2"])
        rest = text[yearless.end():].strip() or "?"           # a date alone is no moment: refused below
        when = None
        for year in (latest.year, latest.year - 1):
            try:
                when = parse_time(f"{year}-{month:02d}-{day:02d} {rest}", what=what)
            except DateError:
                raise DateError(f"{what}“{value}”不是有效的时间（可写 {TIME_FORMS}、6月3日 15:05）") from None
            if when <= latest + CLOCK_SLACK:
                break
        return when
    when = parse_time(text, today=latest.date(), what=what)
    if when > latest + CLOCK_SLACK and not _match_date(text):     # a time of day alone: the day before's
        when = parse_time(text, today=latest.date() - timedelta(days=1), what=what)
    return when


def parse_future(value, earliest: datetime | None = None, what: str = "") -> datetime:
    """A typed moment still to come — a task's 办结时限 — in any form :func:`parse_time` reads, or with the
    day named in words: 今天、明天、后天, 明早 8点 (morning), 今晚 / 明晚 7点半 (evening).

    A time of day alone that has already passed at ``earliest`` (default now) is tomorrow's: 9:00 typed at
    15:20 is tomorrow morning, not a time already gone.  A date, or a day named, is taken as typed (one in
    the past is the caller's to refuse).  DateError as :func:`parse_time` (a day with no time, 明天 alone,
    is no moment)."""
    earliest = earliest or clock.now()
    if isinstance(value, datetime):
        return parse_time(value)
    text = _text(value or "")
    day = _DAY_WORD.match(text)
    if day:
        days, period = _DAY_WORDS[day.group(0)]
        rest = text[day.end():].strip()
        if not rest:
            raise DateError(f"{what}“{value}”不是有效的时间（可写 {TIME_FORMS}、明天 9点、明早 8点）")
        said = _TIME.match(rest)
        if period and not (said and said.group("pre")):    # 明早 8点 → 早上8点, unless it says its own part
            rest = period + rest
        return parse_time(rest, today=earliest.date() + timedelta(days=days), what=what)
    when = parse_time(text, today=earliest.date(), what=what)
    if when <= earliest and not _match_date(text):
        when = parse_time(text, today=earliest.date() + timedelta(days=1), what=what)
    return when
