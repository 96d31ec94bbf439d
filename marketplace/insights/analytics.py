"""Sales analytics for an artisan's studio and a cooperative's admin, from the daily rows.

Each breakdown is one grouped query over `sales_day` for the period, so a page costs the same
few statements whether the shop sold ten pieces or ten thousand. Months follow the reader's
calendar (Jalali for Persian readers) and are put together from days here.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import jdatetime
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.core.formatting import format_month
from marketplace.core.money import Money
from marketplace.insights import counters
from marketplace.insights.periods import Period
from marketplace.models import Listing, SalesDay

# What a breakdown can be by: the column (or expression) it groups on.
DIMENSIONS = {
    "listing": SalesDay.listing_id,
    "artisan": SalesDay.artisan_id,
    "village": SalesDay.village_id,
    "category": Listing.category_id,
    "domestic": SalesDay.domestic,
    "buyer_country": SalesDay.buyer_country,
    "day": SalesDay.day,
}


@dataclass(frozen=True, slots=True)
class Row:
    key: object
    currency: str
    gross: Money
    artisan: Money
    cooperative: Money
    units: int
    lines: int


@dataclass(frozen=True, slots=True)
class Owner:
    """Whose sales: an artisan's (studio) or a cooperative's (its admin)."""

    artisan_id: int | None = None
    cooperative_id: int | None = None

    def condition(self):
        if self.artisan_id is not None:
            return SalesDay.artisan_id == self.artisan_id
        return SalesDay.cooperative_id == self.cooperative_id


def breakdown(session: Session, *, owner: Owner, period: Period, by: str) -> list[Row]:
    """Net sales grouped by `by` and currency, biggest first."""
    column = DIMENSIONS[by]
    query = (
        select(column, SalesDay.currency, func.sum(SalesDay.gross_minor),
               func.sum(SalesDay.artisan_minor), func.sum(SalesDay.cooperative_minor),
               func.sum(SalesDay.units), func.sum(SalesDay.lines))
        .where(owner.condition(), SalesDay.day >= period.start, SalesDay.day <= period.end)
        .group_by(column, SalesDay.currency)
    )
    if by == "category":
        query = query.join(Listing, Listing.id == SalesDay.listing_id)
    rows = [
        Row(key, currency, Money(int(gross), currency), Money(int(artisan), currency),
            Money(int(coop), currency), int(units), int(lines))
        for key, currency, gross, artisan, coop, units, lines in session.execute(query)
    ]
    return sorted(rows, key=lambda r: (r.currency, -r.gross.amount_minor, str(r.key)))


def month_of(day: date, lang: str) -> tuple[int, int]:
    if lang == "fa":
        jalali = jdatetime.date.fromgregorian(date=day)
        return jalali.year, jalali.month
    return day.year, day.month


def monthly(days: list[Row], period: Period, currency: str, lang: str
            ) -> list[tuple[str, Money]]:
    """Per month of the reader's calendar from the period's first to its last, empty ones too."""
    totals: dict[tuple[int, int], int] = defaultdict(int)
    for row in days:
        if row.currency == currency:
            totals[month_of(row.key, lang)] += row.gross.amount_minor
    first, last = month_of(period.start, lang), month_of(period.end, lang)
    if (last[0] - first[0]) * 12 + last[1] - first[1] > 35:  # at most three years of bars
        year, month = last
        first = (year - 3, month + 1) if month < 12 else (year - 2, 1)
    months = []
    year, month = first
    while (year, month) <= last:
        months.append((format_month(year, month, lang), Money(totals[(year, month)], currency)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


@dataclass(frozen=True, slots=True)
class Funnel:
    listing_id: int
    views: int
    carts: int
    orders: int

    def percent(self, part: int, whole: int) -> int | None:
        return round(100 * part / whole) if whole else None


def funnels(session: Session, *, listing_ids: list[int], sold: list[Row], period: Period
            ) -> list[Funnel]:
    """Views → carts → orders per listing: the counters, and order lines from the sales."""
    counted = counters.totals(session, "listing", listing_ids, start=period.start,
                              end=period.end) if listing_ids else {}
    orders: dict[int, int] = defaultdict(int)
    for row in sold:
        orders[row.key] += row.lines
    result = [Funnel(listing_id, counted.get(listing_id, {}).get("view", 0),
                     counted.get(listing_id, {}).get("cart", 0), max(orders[listing_id], 0))
              for listing_id in listing_ids]
    return sorted((f for f in result if f.views or f.carts or f.orders),
                  key=lambda f: (-f.views, -f.orders, f.listing_id))
