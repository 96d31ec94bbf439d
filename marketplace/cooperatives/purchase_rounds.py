"""Raw materials bought together: a cooperative's purchase rounds (wool, dyes, silk, clay...).

A cooperative opens a round with a supplier, a unit, price tiers by total quantity, a minimum
total, a deadline and a delivery place. Its active members commit quantities until the
deadline and may change or withdraw them. At the deadline a round below its minimum fails and
nothing is owed (`fail_expired`, run by the job runner); otherwise the cooperative confirms it
(`confirm`, also allowed earlier once the minimum is reached, which ends commitments): the unit
price is the tier reached, the delivery cost is split by quantity with the largest-remainder
method, and each member's cost is posted to the ledger as owed to the cooperative, settled from
their next payouts (`ledger.record_payout`). Then the cooperative marks the supplier order
placed, received and handed out.

Every decision on a round (commit, change, withdraw, confirm, fail, each step) is made under
`serialise` on the round, so a commitment and a confirmation at the same moment never leave a
member charged for a quantity other than the one recorded (S35, S48).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.cooperatives import ledger
from marketplace.core.decisions import serialise
from marketplace.core.errors import DomainError
from marketplace.core.money import Money, counted_unit
from marketplace.models import (
    ArtisanProfile,
    Commitment,
    Cooperative,
    Material,
    MaterialUnit,
    Membership,
    MembershipStatus,
    PriceTier,
    PurchaseRound,
    RoundStatus,
    User,
)
from marketplace.models.base import utcnow

MAX_QUANTITY = 1_000_000  # units one member may commit: far beyond any home workshop
MAX_TIERS = 6

# The only moves a round makes; `_move` refuses any other.
TRANSITIONS: dict[RoundStatus, frozenset[RoundStatus]] = {
    RoundStatus.OPEN: frozenset({RoundStatus.FAILED, RoundStatus.CONFIRMED}),
    RoundStatus.CONFIRMED: frozenset({RoundStatus.ORDERED}),
    RoundStatus.ORDERED: frozenset({RoundStatus.RECEIVED}),
    RoundStatus.RECEIVED: frozenset({RoundStatus.HANDED_OUT}),
    RoundStatus.FAILED: frozenset(),
    RoundStatus.HANDED_OUT: frozenset(),
}
# The steps the cooperative marks once the supplier order is placed, and their timestamps.
STEPS = {RoundStatus.ORDERED: "ordered_at", RoundStatus.RECEIVED: "received_at",
         RoundStatus.HANDED_OUT: "handed_out_at"}


class RoundError(DomainError):
    pass


class RoundClosed(RoundError):
    """The round no longer takes commitments: past its deadline, confirmed or failed."""


class NotAMember(RoundError):
    """Only the cooperative's active members take part in its rounds (S48)."""


class BelowMinimum(RoundError):
    def __init__(self, total: int, minimum: int) -> None:
        super().__init__(total, minimum)
        self.total = total
        self.minimum = minimum


class InvalidMove(RoundError):
    pass


class BadTiers(RoundError):
    """Tiers must start at or below the minimum, rise in quantity and fall in price."""


@dataclass(frozen=True, slots=True)
class Tier:
    min_quantity: int
    unit_price_minor: int


@dataclass(frozen=True, slots=True)
class RoundInput:
    """What a cooperative admin sets when opening a round (amounts in minor units)."""

    material: Material
    title_fa: str
    title_en: str
    supplier: str
    unit: MaterialUnit
    minimum_quantity: int
    deadline: datetime
    delivery_place_fa: str
    delivery_place_en: str
    delivery_cost_minor: int
    tiers: Sequence[Tier]


def check_tiers(tiers: Sequence[Tier], minimum_quantity: int) -> list[Tier]:
    """The tiers in order, or BadTiers: the first applies from the minimum (or less), each next
    one needs more units and costs less per unit."""
    ordered = sorted(tiers, key=lambda t: t.min_quantity)
    if not ordered or len(ordered) > MAX_TIERS or ordered[0].min_quantity > minimum_quantity:
        raise BadTiers()
    for lower, higher in zip(ordered, ordered[1:], strict=False):
        if higher.min_quantity <= lower.min_quantity or \
                higher.unit_price_minor >= lower.unit_price_minor:
            raise BadTiers()
    if any(t.min_quantity <= 0 or t.unit_price_minor <= 0 for t in ordered):
        raise BadTiers()
    return ordered


def open_round(session: Session, *, cooperative: Cooperative, data: RoundInput,
               by: User | None = None, now: datetime | None = None) -> PurchaseRound:
    now = now or utcnow()
    if data.deadline <= now:
        raise RoundClosed()
    if data.minimum_quantity <= 0 or data.delivery_cost_minor < 0:
        raise ValueError("a round needs a positive minimum and a delivery cost of zero or more")
    tiers = check_tiers(data.tiers, data.minimum_quantity)
    purchase = PurchaseRound(
        cooperative=cooperative, material=data.material, title_fa=data.title_fa.strip(),
        title_en=data.title_en.strip(), supplier=data.supplier.strip(), unit=data.unit,
        currency=cooperative.currency, minimum_quantity=data.minimum_quantity,
        deadline=data.deadline, delivery_place_fa=data.delivery_place_fa.strip(),
        delivery_place_en=data.delivery_place_en.strip(),
        delivery_cost_minor=data.delivery_cost_minor, created_by_id=by.id if by else None,
        tiers=[PriceTier(min_quantity=t.min_quantity, unit_price_minor=t.unit_price_minor)
               for t in tiers],
    )
    session.add(purchase)
    session.flush()
    return purchase


# Reading a round -------------------------------------------------------------------------------


def total_quantity(session: Session, purchase: PurchaseRound) -> int:
    return session.scalar(
        select(func.coalesce(func.sum(Commitment.quantity), 0))
        .where(Commitment.round_id == purchase.id)
    ) or 0


def quantities(session: Session, purchase: PurchaseRound) -> dict[int, int]:
    """artisan id -> units committed."""
    return dict(session.execute(
        select(Commitment.artisan_id, Commitment.quantity)
        .where(Commitment.round_id == purchase.id).order_by(Commitment.artisan_id)
    ).all())


def tier_reached(purchase: PurchaseRound, total: int) -> PriceTier | None:
    """The best tier `total` units reach, None below the first."""
    reached = [t for t in purchase.tiers if t.min_quantity <= total]
    return reached[-1] if reached else None


def next_tier(purchase: PurchaseRound, total: int) -> PriceTier | None:
    return next((t for t in purchase.tiers if t.min_quantity > total), None)


def costs(committed: Mapping[int, int], unit_price_minor: int, delivery_cost_minor: int,
          *, currency: str) -> dict[int, int]:
    """Each member's cost in minor units: their units at the tier's price plus their part of
    the delivery cost, split by quantity with the largest-remainder method (so the parts add
    up to the delivery cost exactly), in whole toman for rials."""
    taking = {artisan: n for artisan, n in committed.items() if n > 0}
    if not taking:
        return {}
    delivery = ledger.split_by_shares(delivery_cost_minor, taking, unit=counted_unit(currency))
    return {artisan: n * unit_price_minor + delivery[artisan] for artisan, n in taking.items()}


@dataclass(frozen=True, slots=True)
class Standing:
    """A round as everyone sees it: the running total and the tier it reaches."""

    total: int
    reached: PriceTier | None
    next: PriceTier | None
    minimum_met: bool


def standing(session: Session, purchase: PurchaseRound) -> Standing:
    total = total_quantity(session, purchase)
    return Standing(total, tier_reached(purchase, total), next_tier(purchase, total),
                    total >= purchase.minimum_quantity)


def member_cost(purchase: PurchaseRound, committed: Mapping[int, int], artisan_id: int
                ) -> Money | None:
    """What the member owes for a confirmed round (the amount posted), None before."""
    if purchase.unit_price_minor is None:
        return None
    cost = costs(committed, purchase.unit_price_minor, purchase.delivery_cost_minor,
                 currency=purchase.currency)
    return Money(cost[artisan_id], purchase.currency) if artisan_id in cost else None


def is_member(session: Session, cooperative_id: int, artisan: ArtisanProfile) -> bool:
    return session.scalar(
        select(Membership.id).where(Membership.cooperative_id == cooperative_id,
                                    Membership.artisan_id == artisan.id,
                                    Membership.status == MembershipStatus.ACTIVE)
    ) is not None


def of_cooperative(session: Session, cooperative: Cooperative) -> list[PurchaseRound]:
    return list(session.scalars(
        select(PurchaseRound).where(PurchaseRound.cooperative_id == cooperative.id)
        .order_by(PurchaseRound.deadline.desc(), PurchaseRound.id.desc())
    ))


def for_member(session: Session, artisan: ArtisanProfile) -> list[PurchaseRound]:
    """Rounds of the cooperatives the artisan is an active member of, and any they took part
    in (a member who left still sees what they owe)."""
    coops = select(Membership.cooperative_id).where(Membership.artisan_id == artisan.id,
                                                    Membership.status == MembershipStatus.ACTIVE)
    joined = select(Commitment.round_id).where(Commitment.artisan_id == artisan.id)
    return list(session.scalars(
        select(PurchaseRound)
        .where(PurchaseRound.cooperative_id.in_(coops) | PurchaseRound.id.in_(joined))
        .order_by(PurchaseRound.deadline.desc(), PurchaseRound.id.desc())
    ))


# Decisions, each made alone on its round ------------------------------------------------------


def _decide(session: Session, purchase: PurchaseRound) -> None:
    """Hold the round for the rest of the transaction and read it afresh: another request may
    have changed it between this one loading it and taking the lock."""
    serialise(session, purchase)
    session.refresh(purchase)


def commit(session: Session, *, purchase: PurchaseRound, artisan: ArtisanProfile, quantity: int,
           now: datetime | None = None) -> Commitment:
    """Set the member's quantity (a first commitment or a change)."""
    if not 0 < quantity <= MAX_QUANTITY:
        raise ValueError("a commitment is a positive number of units")
    now = now or utcnow()
    _decide(session, purchase)
    if not purchase.accepting(now):
        raise RoundClosed()
    if not is_member(session, purchase.cooperative_id, artisan):
        raise NotAMember()
    found = session.scalar(select(Commitment).where(Commitment.round_id == purchase.id,
                                                    Commitment.artisan_id == artisan.id))
    if found is None:
        found = Commitment(round_id=purchase.id, artisan_id=artisan.id, quantity=quantity)
        session.add(found)
    else:
        found.quantity = quantity
    session.flush()
    return found


def withdraw(session: Session, *, purchase: PurchaseRound, artisan: ArtisanProfile,
             now: datetime | None = None) -> None:
    now = now or utcnow()
    _decide(session, purchase)
    if not purchase.accepting(now):
        raise RoundClosed()
    found = session.scalar(select(Commitment).where(Commitment.round_id == purchase.id,
                                                    Commitment.artisan_id == artisan.id))
    if found is not None:
        session.delete(found)
        session.flush()


def _move(purchase: PurchaseRound, to: RoundStatus) -> None:
    if to not in TRANSITIONS[purchase.status]:
        raise InvalidMove(purchase.status, to)
    purchase.status = to


def confirm(session: Session, *, purchase: PurchaseRound, now: datetime | None = None
            ) -> dict[int, Money]:
    """Close the round at the tier reached and post each member's cost; member -> cost.

    Allowed once the minimum is reached, before the deadline too (that ends commitments)."""
    now = now or utcnow()
    _decide(session, purchase)
    if purchase.status != RoundStatus.OPEN:
        raise InvalidMove(purchase.status, RoundStatus.CONFIRMED)
    committed = quantities(session, purchase)
    total = sum(committed.values())
    if total < purchase.minimum_quantity:
        raise BelowMinimum(total, purchase.minimum_quantity)
    tier = tier_reached(purchase, total)
    if tier is None:  # check_tiers makes the first tier apply from the minimum
        raise BadTiers()
    charged = costs(committed, tier.unit_price_minor, purchase.delivery_cost_minor,
                    currency=purchase.currency)
    ledger.post_member_costs(
        session, cooperative_id=purchase.cooperative_id, reference=f"round:{purchase.id}",
        costs=charged, currency=purchase.currency,
        memo=f"purchase round {purchase.id} of cooperative {purchase.cooperative_id}")
    _move(purchase, RoundStatus.CONFIRMED)
    purchase.unit_price_minor = tier.unit_price_minor
    purchase.confirmed_quantity = total
    purchase.closed_at = now
    session.flush()
    return {artisan: Money(cost, purchase.currency) for artisan, cost in charged.items()}


def fail_expired(session: Session, *, now: datetime | None = None) -> int:
    """Fail every open round past its deadline that is below its minimum; how many failed.
    Nothing is posted for a failed round: nobody owes anything."""
    now = now or utcnow()
    due = list(session.scalars(
        select(PurchaseRound).where(PurchaseRound.status == RoundStatus.OPEN,
                                    PurchaseRound.deadline <= now)
        .order_by(PurchaseRound.id)
    ))
    failed = 0
    for purchase in due:
        _decide(session, purchase)
        if purchase.status != RoundStatus.OPEN or purchase.accepting(now):
            continue
        if total_quantity(session, purchase) < purchase.minimum_quantity:
            _move(purchase, RoundStatus.FAILED)
            purchase.closed_at = now
            failed += 1
    session.flush()
    return failed


def advance(session: Session, *, purchase: PurchaseRound, to: RoundStatus,
            now: datetime | None = None) -> PurchaseRound:
    """Mark the supplier order placed, the material received, or handed out to the members."""
    if to not in STEPS:
        raise InvalidMove(purchase.status, to)
    _decide(session, purchase)
    _move(purchase, to)
    setattr(purchase, STEPS[to], now or utcnow())
    session.flush()
    return purchase
