"""The one date/time parser: every form people type, and a Chinese refusal naming the accepted forms."""

from datetime import date, datetime

import pytest

from xhduty.core import clock, dates
from xhduty.core.dates import DateError

SH = clock.SHANGHAI


@pytest.mark.parametrize("value", [
    "2026-12-01", "2026/12/1", "2026.12.1", "2026年12月1日", "2026年12月1日（周二）", "2026年12月1日(星期二)",
    " 2026 年 12 月 1 日 ", "２０２６／１２／１", "20261201", 46357, 46357.0, 46357.75, "46357",
    date(2026, 12, 1), datetime(2026, 12, 1, 8, 30)])
def test_dates_as_people_type_them(value):
    assert dates.parse_date(value) == date(2026, 12, 1)


@pytest.mark.parametrize("value", ["2026-13-01", "2026-02-30", "明天", "", None, "12/1/2026", 0, "1.5"])
def test_a_non_date_is_refused_in_chinese_naming_the_forms(value):
    with pytest.raises(DateError, match="不是有效的日期（可写 2026-12-01、2026/12/1"):
        dates.parse_date(value)


def test_date_error_is_a_value_error_and_a_store_error():
    from xhduty.core.store import StoreError
    assert issubclass(DateError, ValueError) and issubclass(DateError, StoreError)


@pytest.mark.parametrize("value", ["长期", " 长期有效 ", "永久", "无", "", None, "—"])
def test_no_expiry(value):
    assert dates.parse_expiry(value) is None


def test_expiry_text_date_from_stock_ledger():
    assert dates.parse_expiry("2030/6/30") == date(2030, 6, 30)
    assert dates.parse_expiry(47299) == date(2029, 6, 30)


@pytest.mark.parametrize("text, expected", [
    ("下午3点", datetime(2026, 12, 1, 15, 0)),
    ("下午3点半", datetime(2026, 12, 1, 15, 30)),
    ("下午三点", datetime(2026, 12, 1, 15, 0)),
    ("晚上8点15分", datetime(2026, 12, 1, 20, 15)),
    ("上午9时30分", datetime(2026, 12, 1, 9, 30)),
    ("中午12点", datetime(2026, 12, 1, 12, 0)),
    ("凌晨2点", datetime(2026, 12, 1, 2, 0)),
    ("晚上12点", datetime(2026, 12, 2, 0, 0)),
    ("3:05 PM", datetime(2026, 12, 1, 15, 5)),
    ("3:05pm", datetime(2026, 12, 1, 15, 5)),
    ("12:30 AM", datetime(2026, 12, 1, 0, 30)),
    ("15:05", datetime(2026, 12, 1, 15, 5)),
    ("１５：０５", datetime(2026, 12, 1, 15, 5)),
    ("2026-11-30 15:05", datetime(2026, 11, 30, 15, 5)),
    ("2026年11月30日 下午3点", datetime(2026, 11, 30, 15, 0)),
    ("2026/11/30 3:05 PM", datetime(2026, 11, 30, 15, 5)),
    ("2026-11-30T24:00", datetime(2026, 12, 1, 0, 0)),
    ("2026-11-30T14:02", datetime(2026, 11, 30, 14, 2)),
])
def test_times_as_people_type_them(text, expected):
    with clock.frozen(datetime(2026, 12, 1, 10, 0, tzinfo=SH)):
        assert dates.parse_time(text) == expected.replace(tzinfo=SH)


def test_offsets_are_kept_and_shown_in_shanghai():
    assert dates.parse_time("2026-11-30T24:00+00:00") == datetime(2026, 12, 1, 8, 0, tzinfo=SH)
    assert dates.parse_time("2026-11-30T06:00Z") == datetime(2026, 11, 30, 14, 0, tzinfo=SH)


@pytest.mark.parametrize("text", ["下午13点", "25:00", "24:30", "2026-11-30T24:01", "明天下午", "3:65", "", "PM 3:05 PM"])
def test_a_non_time_is_refused_in_chinese_naming_the_forms(text):
    with pytest.raises(DateError, match="不是有效的时间（可写 15:05、3:05 PM、下午3点"):
        dates.parse_time(text)


def test_incident_times_go_through_the_one_parser():
    from xhduty.core.incidents.incidents import happened_at
    latest = datetime(2026, 12, 1, 16, 0, tzinfo=SH)
    assert happened_at("下午3点", "接报时间", latest) == datetime(2026, 12, 1, 15, 0, tzinfo=SH)
    assert happened_at("", "接报时间", latest) is None
    with pytest.raises(DateError, match="接报时间“3:65”不是有效的时间"):
        happened_at("3:65", "接报时间", latest)


@pytest.mark.parametrize("value, expected", [
    ("2027年3月", date(2027, 3, 31)), ("2027.3", date(2027, 3, 31)), ("2027/03", date(2027, 3, 31)),
    ("2027-03", date(2027, 3, 31)), ("２０２８年２月", date(2028, 2, 29)), (" 2027 年 12 月 ", date(2027, 12, 31))])
def test_an_expiry_given_to_the_month_lasts_through_it(value, expected):
    assert dates.parse_expiry(value) == expected


@pytest.mark.parametrize("value", ["2027年13月", "2027年3月下旬", "3月"])
def test_an_expiry_that_is_no_month_is_refused(value):
    with pytest.raises(DateError, match="不是有效的日期"):
        dates.parse_expiry(value)


def test_a_date_needs_its_day_outside_an_expiry():
    with pytest.raises(DateError):
        dates.parse_date("2027年3月")


@pytest.mark.parametrize("value", [2027.03, 2027.1, 2026, 2100.0])
def test_a_year_typed_into_a_number_cell_is_not_a_day_of_1905(value):
    """Excel keeps 2027.03 typed into a General cell as a number; read as a serial it was 1905-07-20."""
    for parse in (dates.parse_date, dates.parse_expiry):
        with pytest.raises(DateError, match="像是年份而不是日期"):
            parse(value)


@pytest.mark.parametrize("typed, latest, expected", [
    ("23:58", "2026-12-01T00:05", datetime(2026, 11, 30, 23, 58)),        # last night's, not tonight's
    ("00:12", "2026-12-01T00:05", datetime(2026, 12, 1, 0, 12)),          # a watch 7 minutes ahead
    ("下午3点10分", "2026-12-01T16:00", datetime(2026, 12, 1, 15, 10)),
    ("6月3日 15:10", "2026-12-01T16:00", datetime(2026, 6, 3, 15, 10)),
    ("6.3 下午3点", "2026-12-01T16:00", datetime(2026, 6, 3, 15, 0)),
    ("12月31日 23:00", "2027-01-02T08:00", datetime(2026, 12, 31, 23, 0)),  # last year's
    ("12/31 23:00", "2027-01-02T08:00", datetime(2026, 12, 31, 23, 0)),
    ("2026-12-02 09:00", "2026-12-01T16:00", datetime(2026, 12, 2, 9, 0)),  # a full date as typed
])
def test_a_moment_that_has_happened_falls_on_the_latest_day_or_year_it_can(typed, latest, expected):
    assert dates.parse_past(typed, clock.parse(latest), "发生时间") == expected.replace(tzinfo=SH)


@pytest.mark.parametrize("typed", ["6月3日", "2月30日 10:00", "13.5 10:00", "明天"])
def test_a_past_moment_that_is_no_time_is_refused_naming_the_field(typed):
    with pytest.raises(DateError, match="发生时间.*不是有效的时间"):
        dates.parse_past(typed, clock.parse("2026-12-01T16:00"), "发生时间")


@pytest.mark.parametrize("typed, expected", [
    ("9:00", datetime(2026, 12, 2, 9, 0)),                 # passed today: tomorrow morning
    ("下午5点", datetime(2026, 12, 1, 17, 0)),
    ("明早8点", datetime(2026, 12, 2, 8, 0)), ("明晚7点半", datetime(2026, 12, 2, 19, 30)),
    ("明天 9:00", datetime(2026, 12, 2, 9, 0)), ("明天下午3点", datetime(2026, 12, 2, 15, 0)),
    ("后天 10:00", datetime(2026, 12, 3, 10, 0)), ("今晚8点", datetime(2026, 12, 1, 20, 0)),
    ("2026/12/1 9:00", datetime(2026, 12, 1, 9, 0)),       # a date as typed, even past: the caller refuses it
])
def test_a_moment_still_to_come_as_typed(typed, expected):
    assert dates.parse_future(typed, clock.parse("2026-12-01T15:20"), "办结时限") == expected.replace(tzinfo=SH)


@pytest.mark.parametrize("typed", ["明天", "明早 随时", "下周"])
def test_a_day_without_a_time_is_no_moment(typed):
    with pytest.raises(DateError, match="办结时限.*不是有效的时间"):
        dates.parse_future(typed, clock.parse("2026-12-01T15:20"), "办结时限")
