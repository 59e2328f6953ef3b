"""Find a publication date in Chinese or English text and return it as an aware UTC datetime."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
MAX_FUTURE = timedelta(days=2)
# "45天前" on a listing is vague and more often a story's own words than a stamp.
MAX_RELATIVE_AGE = timedelta(days=30)
MIN_YEAR = 1970
# Only this much of a long string is searched: dates sit near the top of what callers pass.
MAX_TEXT_CHARS = 20_000

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
# "CST" is China Standard Time here: Chinese servers (Java, Go) print it for Asia/Shanghai.
ZONES = {
    "gmt": 0,
    "utc": 0,
    "ut": 0,
    "z": 0,
    "cst": 8,
    "hkt": 8,
    "sgt": 8,
    "jst": 9,
    "kst": 9,
    "cet": 1,
    "cest": 2,
    "edt": -4,
    "est": -5,
    "pdt": -7,
    "pst": -8,
}
MONTH = r"\b(?P<month_name>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
ZONE = (
    r"(?P<zone>(?:GMT|UTC)?[+-][0-9]{2}:?[0-9]{2}(?![0-9])|(?:GMT|UTC)[+-][0-9]{1,2}(?![0-9:])"
    r"|(?:" + "|".join(sorted(ZONES, key=len, reverse=True)) + r")\b)"
)
# `2024年11月22日 星期五 10:30`, `2024-11-22(周五)`: the weekday may sit between date and time.
WEEKDAY = r"(?:\s*(?:\(\s*)?(?:星期|礼拜|周)[一二三四五六日天](?:\s*\))?)?"
CLOCK = (
    r"(?P<hour>[0-9]{1,2})\s*[:时點点]\s*(?P<minute>[0-9]{2})"
    r"(?:\s*[:分]\s*(?P<second>[0-9]{2})(?:\.[0-9]+)?)?"
)
CLOCK_AFTER = WEEKDAY + (
    rf"(?:[\sT]*(?:(?P<noon>上午|下午|晚上)\s*)?{CLOCK}"
    rf"(?:\s*(?P<ampm>[ap]\.?m\.?)(?!\w))?(?:\s*{ZONE})?)?"
)
UNITS = {
    "秒": 1,
    "second": 1,
    "sec": 1,
    "分钟": 60,
    "minute": 60,
    "min": 60,
    "小时": 3600,
    "个小时": 3600,
    "hour": 3600,
    "hr": 3600,
    "天": 86400,
    "day": 86400,
    "周": 604800,
    "星期": 604800,
    "week": 604800,
}
# Small Chinese numbers as listings print them (`一小时前`, `两天前`); 半 is a half.
CHINESE_AMOUNTS = {"半": 0.5, "一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5}
CHINESE_AMOUNTS |= {"六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
DAY_WORDS = {"今天": 0, "today": 0, "昨天": 1, "昨日": 1, "yesterday": 1, "前天": 2}

Builder = Callable[[re.Match[str], datetime], datetime]


def parse_date(text: str, now: datetime) -> datetime | None:
    """The first plausible date in `text` (UTC), or None; local times are Asia/Shanghai.

    `now` is the fetch time (naive means UTC). Forms with a year win over `11月22日`, which wins
    over relative forms (`3小时前`, `昨天`); within a tier the earliest in the text wins.
    Date-only forms mean local midnight. Dates more than two days after `now`, relative stamps
    more than 30 days back, numeric dates whose day and month could swap (`03/04/2024`),
    impossible dates and a bare year (or year and month) give None.
    """
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    sample = unicodedata.normalize("NFKC", text[:MAX_TEXT_CHARS])
    for tier in TIERS:
        found = [hit for pattern, build in tier if (hit := _first(pattern, build, sample, now))]
        if found:
            return min(found)[2]
    return None


def _first(
    pattern: re.Pattern[str], build: Builder, text: str, now: datetime
) -> tuple[int, int, datetime] | None:
    """The first valid match of one pattern as (position, -length, date)."""
    for match in pattern.finditer(text):
        when = _safe_build(build, match, now)
        if when is not None:
            return match.start(), -len(match.group(0)), when
    return None


def _safe_build(build: Builder, match: re.Match[str], now: datetime) -> datetime | None:
    """Build one candidate; impossible, too old or future dates are None."""
    try:
        when = build(match, now)
        if when.year < MIN_YEAR or when > now + MAX_FUTURE:
            return None
        return when.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def _clock(match: re.Match[str]) -> time:
    """The time of day of a match (midnight when it has none); raises ValueError when impossible."""
    groups = match.groupdict()
    if groups.get("hour") is None:
        return time(0, 0)
    hour = int(groups["hour"])
    ampm = (groups.get("ampm") or "").replace(".", "").lower()
    noon = groups.get("noon")
    if ampm or noon:
        if not 1 <= hour <= 12:
            raise ValueError("12-hour clock out of range")
        hour = hour % 12 + (12 if ampm == "pm" or noon in ("下午", "晚上") else 0)
    return time(hour, int(groups["minute"]), int(groups.get("second") or 0))


def _zone(match: re.Match[str]) -> timezone | ZoneInfo:
    """The offset written in a match, or Shanghai when none is written.

    `14:00-16:00` is a time range, not 14:00 at UTC-16: a negative `-hh:mm` right after a clock
    without seconds counts as no zone.
    """
    groups = match.groupdict()
    zone = groups.get("zone")
    if not zone or (zone.startswith("-") and ":" in zone and groups.get("second") is None):
        return SHANGHAI
    named = ZONES.get(zone.lower())
    if named is not None:
        return timezone(timedelta(hours=named))
    written = zone[3:] if zone[:3].lower() in ("gmt", "utc") else zone  # `GMT+08:00`, `UTC+8`
    sign, digits = written[0], written[1:].replace(":", "")
    hours, minutes = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "0")
    offset = timedelta(hours=int(hours), minutes=int(minutes))
    if offset > timedelta(hours=14) or int(minutes) >= 60:
        raise ValueError(f"no such UTC offset: {zone}")
    return timezone(offset if sign == "+" else -offset)


def _month(match: re.Match[str]) -> int:
    name = match.groupdict().get("month_name")
    return MONTHS[name.lower()] if name else int(match.group("month"))


def _absolute(match: re.Match[str], now: datetime) -> datetime:
    """Year, month and day are all written."""
    day = date(int(match.group("year")), _month(match), int(match.group("day")))
    return datetime.combine(day, _clock(match), tzinfo=_zone(match))


def _month_day(match: re.Match[str], now: datetime) -> datetime:
    """`11月22日`: the year of `now`, or the year before when that date lies ahead."""
    local_now = now.astimezone(SHANGHAI)
    month, day = int(match.group("month")), int(match.group("day"))
    when = datetime.combine(date(local_now.year, month, day), _clock(match), tzinfo=SHANGHAI)
    if when > now + MAX_FUTURE:
        when = datetime.combine(date(local_now.year - 1, month, day), _clock(match), SHANGHAI)
    return when


def _ago(match: re.Match[str], now: datetime) -> datetime:
    """`3小时前`, `两天前`, `2 days ago`, `an hour ago`: at most MAX_RELATIVE_AGE back."""
    amount = match.group("amount").lower()
    count = 1 if amount in ("a", "an", "one") else CHINESE_AMOUNTS.get(amount) or int(amount)
    age = timedelta(seconds=count * UNITS[match.group("unit").lower()])
    if age > MAX_RELATIVE_AGE:
        raise ValueError("too long ago for a relative stamp")
    return now - age


def _numeric(match: re.Match[str], now: datetime) -> datetime:
    """`11/22/2024` or `22/11/2024`: the number above 12 is the day; `03/04/2024` is refused.

    No source says which order it uses, so a date that reads two ways is no date at all.
    """
    first, second = int(match.group("lead")), int(match.group("trail"))
    if first != second and first <= 12 and second <= 12:
        raise ValueError("day and month order unknown")
    month, day = (second, first) if first > 12 else (first, second)
    when = date(int(match.group("year")), month, day)
    return datetime.combine(when, _clock(match), tzinfo=_zone(match))


def _day_word(match: re.Match[str], now: datetime) -> datetime:
    """`昨天 10:15`, `前天`, `today`: a calendar day counted back from `now` in Shanghai."""
    day = now.astimezone(SHANGHAI).date() - timedelta(days=DAY_WORDS[match.group("word").lower()])
    return datetime.combine(day, _clock(match), tzinfo=SHANGHAI)


def _just_now(match: re.Match[str], now: datetime) -> datetime:
    return now


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


YEAR = r"(?<![0-9])(?P<year>[0-9]{4})"
DAY = r"(?<![0-9])(?P<day>[0-9]{1,2})(?![0-9])"
NUMERIC_MONTH = r"(?P<month>[0-9]{1,2})"
WITH_YEAR: list[tuple[re.Pattern[str], Builder]] = [
    (_compile(rf"{YEAR}\s*年\s*{NUMERIC_MONTH}\s*月\s*{DAY}\s*[日号]?{CLOCK_AFTER}"), _absolute),
    # Not after a letter or dot, nor followed by a dot and digit: `v2024.11.22`, `2024.11.22.1`.
    (
        _compile(
            rf"(?<![A-Za-z.]){YEAR}(?P<sep>[-/.]){NUMERIC_MONTH}(?P=sep){DAY}(?!\.[0-9]){CLOCK_AFTER}"
        ),
        _absolute,
    ),
    (
        _compile(
            rf"(?:\b[a-z]{{3}},?\s*)?{DAY}(?:\s+|-){MONTH}(?:,?\s+|-){YEAR}(?![0-9])"
            rf"(?:\s+{CLOCK}(?:\s*{ZONE})?)?"
        ),
        _absolute,
    ),
    # Java's Date.toString() and Go's UnixDate: `Fri Nov 22 10:30:00 CST 2024`.
    (
        _compile(
            rf"(?:\b[a-z]{{3}},?\s+)?{MONTH}\s+{DAY}\s+{CLOCK}(?:\s+{ZONE})?\s+{YEAR}(?![0-9])"
        ),
        _absolute,
    ),
    # Dots and slashes only: `-` between small numbers is a range or a phone number.
    (
        _compile(
            r"(?<![0-9A-Za-z./])(?P<lead>[0-9]{1,2})(?P<sep>[/.])(?P<trail>[0-9]{1,2})"
            rf"(?P=sep){YEAR}(?![0-9]|[./][0-9]){CLOCK_AFTER}"
        ),
        _numeric,
    ),
    (
        _compile(
            rf"{MONTH}\s+{DAY}(?:st|nd|rd|th)?,?\s+{YEAR}(?![0-9])"
            rf"(?:,?\s*(?:at\s+)?{CLOCK}(?:\s*(?P<ampm>[ap]\.?m\.?)(?!\w))?)?"
        ),
        _absolute,
    ),
]
MONTH_DAY: list[tuple[re.Pattern[str], Builder]] = [
    (_compile(rf"(?<![0-9年])\s*{NUMERIC_MONTH}\s*月\s*{DAY}\s*[日号]{CLOCK_AFTER}"), _month_day),
]
RELATIVE: list[tuple[re.Pattern[str], Builder]] = [
    (
        _compile(
            r"(?<![0-9零一二两三四五六七八九十百千万])(?P<amount>[0-9]{1,5}|[半一两二三四五六七八九十])"
            r"\s*(?P<unit>秒|分钟|个小时|小时|天|周|星期)\s*[以之]?前"
        ),
        _ago,
    ),
    (
        _compile(
            r"\b(?P<amount>[0-9]{1,5}|an?|one)\s+"
            r"(?P<unit>second|sec|minute|min|hour|hr|day|week)s?"
            r"\s+ago\b"
        ),
        _ago,
    ),
    (_compile(rf"(?P<word>今天|昨天|昨日|前天|\btoday\b|\byesterday\b){CLOCK_AFTER}"), _day_word),
    (_compile(r"刚刚|\bjust now\b"), _just_now),
]
TIERS = (WITH_YEAR, MONTH_DAY, RELATIVE)
