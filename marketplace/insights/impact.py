"""Where the money went: the public impact figures, for the platform or one cooperative.

Every figure is a sum over the daily rows (`insights.sales`), which hold exactly what the
ledger posted; amounts stay per currency (converting is the page's business, for display).

- earned by artisans: their share of goods sold, net of refunds (what the ledger credits them);
- paid out to artisans: the ledger's payouts (not per cooperative: a payout is to an artisan);
- active artisans: those with at least one sale (net of refunds) in the period;
- women-led shops: the share of active artisans who declared it (and how many a cooperative
  confirmed);
- domestic / foreign: goods shipped within the artisan's own country, or abroad;
- average share: the mean over order lines of the artisan's part of the line's price;
- first sales: artisans whose first ever sale (in this scope) fell in the period.

Money is counted where the artisan lives (the village on the daily row).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session, selectinload

from marketplace.core.money import Money
from marketplace.insights.periods import Period
from marketplace.models import (
    ArtisanProfile,
    Cooperative,
    County,
    PayoutDay,
    Province,
    SalesDay,
    Village,
)


@dataclass(frozen=True, slots=True)
class Scope:
    """Which money counts: all of it, one cooperative's sales, and/or one place's artisans."""

    cooperative: Cooperative | None = None
    province: Province | None = None
    county: County | None = None
    village: Village | None = None

    @property
    def place(self) -> Village | County | Province | None:
        return self.village or self.county or self.province

    def village_filter(self, column):
        if self.village is not None:
            return column == self.village.id
        if self.county is not None:
            return column.in_(select(Village.id).where(Village.county_id == self.county.id))
        if self.province is not None:
            return column.in_(select(Village.id).join(County)
                              .where(County.province_id == self.province.id))
        return None

    def sales_filters(self) -> list:
        conditions = [self.village_filter(SalesDay.village_id)]
        if self.cooperative is not None:
            conditions.append(SalesDay.cooperative_id == self.cooperative.id)
        return [c for c in conditions if c is not None]


@dataclass
class PlaceFigures:
    place: Village | County | Province
    earned: dict[str, Money] = field(default_factory=dict)  # currency -> artisans' share
    paid_out: dict[str, Money] = field(default_factory=dict)
    sales: dict[str, Money] = field(default_factory=dict)  # what shoppers paid

    def add(self, kind: str, money: Money) -> None:
        bucket = getattr(self, kind)
        bucket[money.currency] = bucket.get(money.currency, Money.zero(money.currency)) + money


@dataclass
class Impact:
    period: Period
    scope: Scope
    places: list[PlaceFigures]
    earned: dict[str, Money]
    paid_out: dict[str, Money] | None  # None for a cooperative: payouts are per artisan
    sales: dict[str, Money]
    domestic: dict[str, Money]
    foreign: dict[str, Money]
    active_artisans: int
    women_led: int
    women_led_confirmed: int
    first_sales: int
    lines: int
    share_bps_sum: int

    @property
    def women_led_percent(self) -> Decimal | None:
        if not self.active_artisans:
            return None
        return (Decimal(100 * self.women_led) / self.active_artisans).quantize(Decimal("0.1"))

    @property
    def average_share_percent(self) -> Decimal | None:
        """The average share of a sale that reaches the artisan, in percent."""
        if self.lines <= 0:
            return None
        return (Decimal(self.share_bps_sum) / self.lines / 100).quantize(Decimal("0.1"))


def _in_period(column, period: Period):
    return and_(column >= period.start, column <= period.end)


def _level(scope: Scope, village: Village) -> Village | County | Province:
    """The place one step below the scope's place, where a village's money is shown."""
    if scope.village is not None or scope.county is not None:
        return village
    if scope.province is not None:
        return village.county
    return village.county.province


def _totals(rows: dict) -> dict[str, Money]:
    return {currency: Money(int(amount), currency) for currency, amount in sorted(rows.items())}


def figures(session: Session, *, period: Period, scope: Scope) -> Impact:
    """The impact figures for `period` and `scope`, in six queries whatever the volume."""
    filters = [_in_period(SalesDay.day, period), *scope.sales_filters()]
    sold = session.execute(
        select(SalesDay.village_id, SalesDay.currency, SalesDay.domestic,
               func.sum(SalesDay.gross_minor), func.sum(SalesDay.artisan_minor),
               func.sum(SalesDay.lines), func.sum(SalesDay.share_bps_sum))
        .where(*filters)
        .group_by(SalesDay.village_id, SalesDay.currency, SalesDay.domestic)
    ).all()
    paid: list = []
    if scope.cooperative is None:
        payout_filters = [_in_period(PayoutDay.day, period)]
        place_filter = scope.village_filter(PayoutDay.village_id)
        if place_filter is not None:
            payout_filters.append(place_filter)
        paid = session.execute(
            select(PayoutDay.village_id, PayoutDay.currency, func.sum(PayoutDay.amount_minor))
            .where(*payout_filters).group_by(PayoutDay.village_id, PayoutDay.currency)
        ).all()
    villages = {v.id: v for v in session.scalars(
        select(Village).where(Village.id.in_({row[0] for row in sold} | {row[0] for row in paid}))
        .options(selectinload(Village.county).selectinload(County.province))
    )} if sold or paid else {}

    places: dict[tuple[str, int], PlaceFigures] = {}

    def place_of(village_id: int) -> PlaceFigures:
        target = _level(scope, villages[village_id])
        key = (type(target).__name__, target.id)
        if key not in places:
            places[key] = PlaceFigures(target)
        return places[key]

    earned: dict[str, int] = defaultdict(int)
    sales: dict[str, int] = defaultdict(int)
    domestic: dict[str, int] = defaultdict(int)
    foreign: dict[str, int] = defaultdict(int)
    lines = share = 0
    for village_id, currency, is_domestic, gross, artisan, line_count, share_sum in sold:
        place = place_of(village_id)
        place.add("earned", Money(int(artisan), currency))
        place.add("sales", Money(int(gross), currency))
        earned[currency] += int(artisan)
        sales[currency] += int(gross)
        (domestic if is_domestic else foreign)[currency] += int(gross)
        lines += int(line_count)
        share += int(share_sum)
    paid_out: dict[str, int] = defaultdict(int)
    for village_id, currency, amount in paid:
        place_of(village_id).add("paid_out", Money(int(amount), currency))
        paid_out[currency] += int(amount)

    active, women, confirmed = _active_artisans(session, filters)
    return Impact(
        period=period, scope=scope,
        places=sorted(places.values(), key=lambda p: (p.place.name_en, p.place.id)),
        earned=_totals(earned), paid_out=_totals(paid_out) if scope.cooperative is None else None,
        sales=_totals(sales), domestic=_totals(domestic), foreign=_totals(foreign),
        active_artisans=active, women_led=women, women_led_confirmed=confirmed,
        first_sales=_first_sales(session, period, scope), lines=lines, share_bps_sum=share,
    )


def _active_artisans(session: Session, filters: list) -> tuple[int, int, int]:
    active = (select(SalesDay.artisan_id).where(*filters).group_by(SalesDay.artisan_id)
              .having(func.sum(SalesDay.lines) > 0))
    count, women, confirmed = session.execute(
        select(func.count(ArtisanProfile.id),
               func.coalesce(func.sum(case((ArtisanProfile.women_led, 1), else_=0)), 0),
               func.coalesce(func.sum(case(
                   (and_(ArtisanProfile.women_led,
                         ArtisanProfile.women_led_confirmed_by_id.is_not(None)), 1),
                   else_=0)), 0))
        .where(ArtisanProfile.id.in_(active))
    ).one()
    return int(count), int(women), int(confirmed)


def _first_sales(session: Session, period: Period, scope: Scope) -> int:
    firsts = (select(SalesDay.artisan_id).where(SalesDay.lines > 0, *scope.sales_filters())
              .group_by(SalesDay.artisan_id)
              .having(_in_period(func.min(SalesDay.day), period)))
    return int(session.scalar(select(func.count()).select_from(firsts.subquery())))
