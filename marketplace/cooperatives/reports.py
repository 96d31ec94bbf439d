"""Sales figures for the studio and cooperative pages, from the ledger, in the reader's calendar.

Persian readers get Jalali months, English readers Gregorian ones; the bars are computed here
so that templates only draw them (server-rendered SVG, no script).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

import jdatetime

from marketplace.cooperatives.ledger import SalesRow
from marketplace.core.formatting import format_month
from marketplace.core.money import Money


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: Money
    x: float
    y: float
    width: float
    height: float


def _month(day: date, lang: str) -> tuple[int, int]:
    if lang == "fa":
        jalali = jdatetime.date.fromgregorian(date=day)
        return jalali.year, jalali.month
    return day.year, day.month


def _previous(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def monthly(rows: list[SalesRow], currency: str, lang: str, today: date, months: int = 12
            ) -> list[tuple[str, Money]]:
    """Net sales per month for the last `months` months, oldest first, empty months included."""
    totals: dict[tuple[int, int], int] = defaultdict(int)
    for row in rows:
        if row.gross.currency == currency:
            posted = row.posted_at.date() if isinstance(row.posted_at, datetime) else row.posted_at
            totals[_month(posted, lang)] += row.gross.amount_minor
    keys = [_month(today, lang)]
    while len(keys) < months:
        keys.append(_previous(*keys[-1]))
    return [(format_month(y, m, lang), Money(totals[(y, m)], currency)) for y, m in reversed(keys)]


def per_listing(rows: list[SalesRow], currency: str) -> dict[int | None, Money]:
    totals: dict[int | None, int] = defaultdict(int)
    for row in rows:
        if row.gross.currency == currency:
            totals[row.listing_id] += row.gross.amount_minor
    return {k: Money(v, currency) for k, v in sorted(totals.items(), key=lambda kv: -kv[1])}


def bars(points: list[tuple[str, Money]], *, width: int = 640, height: int = 200) -> list[Bar]:
    """Bar geometry in an SVG viewBox of `width` x `height` (negative months draw as zero)."""
    top = max((max(p.amount_minor, 0) for _, p in points), default=0) or 1
    slot = width / max(len(points), 1)
    result = []
    for index, (label, value) in enumerate(points):
        bar_height = round(max(value.amount_minor, 0) / top * (height - 10), 1)
        result.append(Bar(label, value, round(index * slot + slot * 0.15, 1),
                          round(height - bar_height, 1), round(slot * 0.7, 1), bar_height))
    return result
