"""The date parser: every supported form as a table, malformed input gives None, never raises."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spiders.dates import parse_date

# 2024-11-23 20:00 in Shanghai.
NOW = datetime(2024, 11, 23, 12, 0, tzinfo=UTC)

FORMS = [
    ("2024年11月22日 09:30", "2024-11-22T01:30:00"),
    ("2024年11月22日", "2024-11-21T16:00:00"),
    ("2024 年 11 月 22 日 9时30分", "2024-11-22T01:30:00"),
    ("２０２４年１１月２２日", "2024-11-21T16:00:00"),
    ("2024年11月22日 下午3:30", "2024-11-22T07:30:00"),
    ("发布时间：2024-11-22", "2024-11-21T16:00:00"),
    ("发布时间：2024-11-22 09:30", "2024-11-22T01:30:00"),
    ("2024-11-22 09:30:15", "2024-11-22T01:30:15"),
    ("2024/11/22", "2024-11-21T16:00:00"),
    ("2024.11.22", "2024-11-21T16:00:00"),
    ("2024-1-5", "2024-01-04T16:00:00"),
    ("11月22日", "2024-11-21T16:00:00"),
    ("11月22日 09:30", "2024-11-22T01:30:00"),
    ("12月25日", "2023-12-24T16:00:00"),
    ("3小时前", "2024-11-23T09:00:00"),
    ("15分钟前", "2024-11-23T11:45:00"),
    ("2天前", "2024-11-21T12:00:00"),
    ("半小时前", "2024-11-23T11:30:00"),
    ("昨天 10:15", "2024-11-22T02:15:00"),
    ("前天", "2024-11-20T16:00:00"),
    ("今天 08:00", "2024-11-23T00:00:00"),
    ("刚刚", "2024-11-23T12:00:00"),
    ("Fri, 22 Nov 2024 09:30:00 +0800", "2024-11-22T01:30:00"),
    ("Fri, 22 Nov 2024 09:30:00 GMT", "2024-11-22T09:30:00"),
    ("Fri, 22 Nov 2024 09:30:00 -0500", "2024-11-22T14:30:00"),
    ("2024-11-22T09:30:00+08:00", "2024-11-22T01:30:00"),
    ("2024-11-22T09:30:00Z", "2024-11-22T09:30:00"),
    ("2024-11-22T09:30:00.123Z", "2024-11-22T09:30:00"),
    ("2024-11-22T09:30:00", "2024-11-22T01:30:00"),
    ("November 22, 2024", "2024-11-21T16:00:00"),
    ("22 Nov 2024", "2024-11-21T16:00:00"),
    ("Nov. 22, 2024 9:30 AM", "2024-11-22T01:30:00"),
    ("Nov 22, 2024 9:30 p.m.", "2024-11-22T13:30:00"),
    ("Sept. 3, 2024", "2024-09-02T16:00:00"),
    ("3 hours ago", "2024-11-23T09:00:00"),
    ("an hour ago", "2024-11-23T11:00:00"),
    ("yesterday", "2024-11-21T16:00:00"),
    ("just now", "2024-11-23T12:00:00"),
    ("来源：新华网 2024-11-22 09:30 编辑：张三", "2024-11-22T01:30:00"),
    ("今天是2024年11月20日，昨天的会议……", "2024-11-19T16:00:00"),
    ("Updated: 21 Nov 2024 | Published 2024-11-20", "2024-11-20T16:00:00"),
    ("更新于3小时前 · 首发于11月20日", "2024-11-19T16:00:00"),
    # listing stamps relative to the fetch
    ("两天前", "2024-11-21T12:00:00"),
    ("一小时前", "2024-11-23T11:00:00"),
    ("30天前", "2024-10-24T12:00:00"),
    ("3周前", "2024-11-02T12:00:00"),
    ("今天 14:30", "2024-11-23T06:30:00"),
    ("昨天 08:00", "2024-11-22T00:00:00"),
    ("2小时前发布", "2024-11-23T10:00:00"),
    ("2 days ago", "2024-11-21T12:00:00"),
    ("5 hrs ago", "2024-11-23T07:00:00"),
    ("Yesterday 08:00", "2024-11-22T00:00:00"),
    # day-month-year with hyphens; month name with a dot
    ("20-Nov-2024", "2024-11-19T16:00:00"),
    ("20-Nov-2024 10:30", "2024-11-20T02:30:00"),
    ("20 Nov 2024", "2024-11-19T16:00:00"),
    ("Nov. 20, 2024", "2024-11-19T16:00:00"),
    # Java Date.toString() and Go UnixDate/ANSIC; CST is China Standard Time
    ("Fri Nov 22 10:30:00 CST 2024", "2024-11-22T02:30:00"),
    ("Sat Nov  2 10:30:00 CST 2024", "2024-11-02T02:30:00"),
    ("Fri Nov 22 10:30:00 GMT+08:00 2024", "2024-11-22T02:30:00"),
    ("Fri Nov 22 10:30:00 UTC 2024", "2024-11-22T10:30:00"),
    ("Fri Nov 22 10:30:00 2024", "2024-11-22T02:30:00"),
    ("2024-11-22 10:30:00 +0800 CST", "2024-11-22T02:30:00"),
    ("22 Nov 2024 10:30 GMT+8", "2024-11-22T02:30:00"),
    ("22 Nov 2024 10:30 JST", "2024-11-22T01:30:00"),
    # a weekday between date and time
    ("2024年11月22日星期五", "2024-11-21T16:00:00"),
    ("2024年11月22日 星期五 10:30", "2024-11-22T02:30:00"),
    ("2024-11-22(周五) 10:30", "2024-11-22T02:30:00"),
    ("2024/11/22 10:30", "2024-11-22T02:30:00"),
    ("2024-11-22T10:30:00+08:00", "2024-11-22T02:30:00"),
    ("2024-11-22T10:30:00-05:00", "2024-11-22T15:30:00"),
    # a time range is not a UTC offset
    ("会议时间 2024年11月22日 14:00-16:00", "2024-11-22T06:00:00"),
    ("2024-11-22 10:30-12:00", "2024-11-22T02:30:00"),
    # numeric dates with the year last: only when one number cannot be a month
    ("11/22/2024", "2024-11-21T16:00:00"),
    ("22/11/2024", "2024-11-21T16:00:00"),
    ("22/11/2024 10:30", "2024-11-22T02:30:00"),
    ("发布时间：22/11/2024", "2024-11-21T16:00:00"),
    ("22.11.2024", "2024-11-21T16:00:00"),
    ("04/04/2024", "2024-04-03T16:00:00"),  # both orders give the same day
]


@pytest.mark.parametrize(("text", "expected"), FORMS)
def test_form(text: str, expected: str) -> None:
    assert parse_date(text, NOW) == datetime.fromisoformat(expected).replace(tzinfo=UTC)


MALFORMED = [
    "",
    "   ",
    "no date here",
    "2024",
    "2024年",
    "2024年11月",
    "Nov 2024",
    "2024-13-01",
    "2024-02-30",
    "2023年2月29日",
    "11月32日",
    "2024-11-22 25:00",
    "1900-01-01",
    "0000-00-00",
    "2024-11-26",  # more than two days after NOW
    "2025年1月1日",
    "99999天前",
    "version 1.2.3",
    "12/11/2024",  # day and month order unknown
    "03/04/2024",
    "1.12.2024版",
    "31/31/2024",
    "22-11-2024",  # `-` between small numbers is a range or a phone number
    "192.168.11.22/2024",
    "v2024.11.22",  # version numbers
    "2024.11.22.1",
    "版本 3.2.1",
    "电话 0571-2024-1122",  # phone numbers
    "138 2024 1122",
    "投资20-30亿元",  # amounts and ranges
    "2024-2025年",
    "3天内完成签约",  # spans and ages that are not stamps
    "5年前成立",
    "3个月前",
    "3 months ago",
    "31天前",
    "45天前",
    "十一天前",  # not `一天前`
    "1000小时前",
    "请于10日前提交",  # a deadline, not `10 days ago`
    "Fri Nov 22 10:30:00 XYZ 2024",
    "2024-11-22 10:30 UTC+15:00",
    "13:45",
    "2024-11/22",
]


@pytest.mark.parametrize("text", MALFORMED)
def test_malformed_gives_none(text: str) -> None:
    assert parse_date(text, NOW) is None


def test_month_day_near_new_year_keeps_the_current_year_for_tomorrow() -> None:
    now = datetime(2025, 1, 2, 4, 0, tzinfo=UTC)
    assert parse_date("1月3日", now) == datetime(2025, 1, 2, 16, 0, tzinfo=UTC)
    assert parse_date("12月30日", now) == datetime(2024, 12, 29, 16, 0, tzinfo=UTC)


def test_day_words_count_calendar_days_in_shanghai() -> None:
    # 2024-11-23 01:00 in Shanghai is still 2024-11-22 in UTC.
    now = datetime(2024, 11, 22, 17, 0, tzinfo=UTC)
    assert parse_date("昨天 10:15", now) == datetime(2024, 11, 22, 2, 15, tzinfo=UTC)


def test_naive_now_means_utc() -> None:
    assert parse_date("刚刚", NOW.replace(tzinfo=None)) == NOW


def test_a_date_two_days_ahead_is_accepted_three_is_not() -> None:
    assert parse_date("2024-11-25 12:00:00Z", NOW) is not None
    assert parse_date("2024-11-26 12:00:00Z", NOW) is None


DATEISH = st.text(
    alphabet="0123456789年月日号时分秒前天昨今刚小钟一两十星期五周()-/.:：T Z+, ANovPMapCSTGFri",
    max_size=40,
)


@given(text=st.text() | DATEISH, now=st.datetimes(timezones=st.just(UTC)))
def test_never_raises_and_never_returns_the_future(text: str, now: datetime) -> None:
    when = parse_date(text, now)
    if when is not None:
        assert when.utcoffset() == timedelta(0)
        assert when <= now + timedelta(days=2)


@given(
    amount=st.integers(min_value=0, max_value=10**6),
    unit=st.sampled_from(["分钟", "小时", "天", "周"]),
)
def test_relative_stamps_reach_back_at_most_thirty_days(amount: int, unit: str) -> None:
    when = parse_date(f"{amount}{unit}前", NOW)
    assert when is None or NOW - timedelta(days=30) <= when <= NOW


@given(day=st.integers(min_value=1, max_value=12), month=st.integers(min_value=1, max_value=12))
def test_numeric_day_and_month_both_twelve_or_less_read_one_way_or_not_at_all(
    day: int, month: int
) -> None:
    when = parse_date(f"{day:02d}/{month:02d}/2023", NOW)
    assert (when is None) == (day != month)
