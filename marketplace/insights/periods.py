"""The period a visitor chooses for figures: two days, both included, in UTC days.

Presets follow the reader's calendar: "this year" is the Jalali year (from Nowruz) for Persian
readers and the Gregorian one for English readers.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import jdatetime

EARLIEST = date(2000, 1, 1)


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def as_args(self) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


def year_start(today: date, lang: str) -> date:
    if lang == "fa":
        return jdatetime.date(jdatetime.date.fromgregorian(date=today).year, 1, 1).togregorian()
    return date(today.year, 1, 1)


def this_year(today: date, lang: str) -> Period:
    return Period(year_start(today, lang), today)


def last_year(today: date, lang: str) -> Period:
    start = year_start(today, lang)
    return Period(year_start(start - timedelta(days=1), lang), start - timedelta(days=1))


def last_12_months(today: date) -> Period:
    return Period(today - timedelta(days=364), today)


def all_time(today: date) -> Period:
    return Period(EARLIEST, today)


def _day(text: str | None) -> date | None:
    if not text or len(text) != 10 or not text.isascii():
        return None
    try:
        value = date.fromisoformat(text)
    except ValueError:
        return None
    return value if value >= EARLIEST else None


def parse(start: str | None, end: str | None, *, today: date, lang: str) -> Period:
    """The period in `?from=YYYY-MM-DD&to=YYYY-MM-DD`; this year for anything missing or odd.

    Nothing after the end of next year is asked for, and a reversed range is put right.
    """
    first, last = _day(start), _day(end)
    if first is None and last is None:
        return this_year(today, lang)
    latest = date(today.year + 1, 12, 31)
    first = min(first or year_start(today, lang), latest)
    last = min(last or today, latest)
    if last < first:
        first, last = last, first
    return Period(first, last)
