"""How much stock one account may tie up in unpaid checkouts at once (S37).

Placing an order holds its stock until it is paid or the hold runs out; without a limit one
fresh account could hold a whole catalogue for days and everyone else would see "sold out".
Only holds still running count: paying for an order (or cancelling it) frees the quota at once.
`ordering.start_checkout` checks these limits under the buyer's lock (`decisions.serialise`),
so ten checkouts sent at once are counted one after another.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.core.errors import DomainError
from marketplace.models import (
    Checkout,
    CheckoutStatus,
    Order,
    OrderLine,
    OrderStatus,
    PaymentMethod,
    Reservation,
    ReservationStatus,
)


@dataclass(frozen=True)
class HoldLimits:
    per_listing: int  # units of one listing
    units: int  # units of all listings together
    manual_checkouts: int  # unpaid bank-transfer or cash-on-delivery checkouts

    @classmethod
    def from_config(cls, config: Mapping[str, object]) -> HoldLimits:
        return cls(per_listing=int(config["HOLD_MAX_UNITS_PER_LISTING"]),
                   units=int(config["HOLD_MAX_UNITS"]),
                   manual_checkouts=int(config["HOLD_MAX_MANUAL_CHECKOUTS"]))


class HoldLimitReached(DomainError):
    """`code` names the limit ("per_listing", "units", "manual_checkouts"); `limit` its value."""

    def __init__(self, code: str, limit: int, listing_id: int | None = None) -> None:
        super().__init__(f"{code}: at most {limit}")
        self.code = code
        self.limit = limit
        self.listing_id = listing_id


def held_units(session: Session, *, buyer_id: int, now: datetime) -> dict[int, int]:
    """Units per listing that `buyer_id` holds in unpaid orders whose hold has not run out."""
    rows = session.execute(
        select(Reservation.listing_id, func.sum(Reservation.quantity))
        .join(OrderLine, Reservation.order_line_id == OrderLine.id)
        .join(Order, OrderLine.order_id == Order.id)
        .where(Order.buyer_id == buyer_id, Reservation.status == ReservationStatus.HELD,
               Reservation.expires_at > now)
        .group_by(Reservation.listing_id)
    )
    return {listing_id: int(units) for listing_id, units in rows}


def unpaid_manual_checkouts(session: Session, *, buyer_id: int, now: datetime) -> int:
    """Bank-transfer and cash-on-delivery checkouts of `buyer_id` still holding stock: a cash
    on delivery parcel already on its way holds none, though its money is still to come."""
    return session.scalar(
        select(func.count()).select_from(Checkout)
        .where(Checkout.buyer_id == buyer_id, Checkout.status == CheckoutStatus.PENDING_PAYMENT,
               Checkout.payment_method != PaymentMethod.CARD, Checkout.expires_at > now,
               Checkout.orders.any(Order.status == OrderStatus.PENDING_PAYMENT))
    ) or 0


def check(session: Session, *, buyer_id: int, wanted: Iterable[tuple[int, int]],
          method: PaymentMethod, limits: HoldLimits, now: datetime) -> None:
    """Raise HoldLimitReached if holding `wanted` (listing id, units) would pass a limit.

    Call it under `decisions.serialise(session, buyer)`: the count is only true while no other
    checkout of the same buyer can add to it.
    """
    wanted = list(wanted)
    if method.is_manual and unpaid_manual_checkouts(
            session, buyer_id=buyer_id, now=now) >= limits.manual_checkouts:
        raise HoldLimitReached("manual_checkouts", limits.manual_checkouts)
    held = held_units(session, buyer_id=buyer_id, now=now)
    for listing_id, units in wanted:
        if held.get(listing_id, 0) + units > limits.per_listing:
            raise HoldLimitReached("per_listing", limits.per_listing, listing_id)
    if sum(held.values()) + sum(units for _, units in wanted) > limits.units:
        raise HoldLimitReached("units", limits.units)
