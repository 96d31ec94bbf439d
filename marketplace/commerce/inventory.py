"""Stock: reserve, release, commit, restock, and the artisan's count. The only code that
changes a listing's stock after it is created.

Each step is one conditional UPDATE whose row count says whether it happened, so two
processes can never both take the last item (S27) nor both give the same reservation back, and
an artisan's new count never undoes a reservation made while she was typing it.
Every stock change is written to the search outbox in the same transaction.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from marketplace.core.errors import DomainError
from marketplace.models import Listing, ListingStatus, Reservation, ReservationStatus
from marketplace.search import outbox


class StockChanged(DomainError):
    """The stock is no longer what the artisan saw when she started editing it."""

    def __init__(self, listing_id: int, seen: int | None, current: int) -> None:
        super().__init__(f"listing {listing_id}: stock was {seen}, is now {current}")
        self.listing_id = listing_id
        self.seen = seen
        self.current = current


class OutOfStock(DomainError):
    def __init__(self, listing_id: int, requested: int, available: int) -> None:
        super().__init__(f"listing {listing_id}: {requested} requested, {available} available")
        self.listing_id = listing_id
        self.requested = requested
        self.available = available


def reserve(
    session: Session, listing_id: int, quantity: int, *, expires_at: datetime
) -> Reservation:
    """Take `quantity` from an active listing's stock or raise OutOfStock."""
    if not isinstance(quantity, int) or quantity <= 0:
        raise ValueError(f"quantity must be a positive int, got {quantity!r}")
    result = session.execute(
        update(Listing)
        .where(
            Listing.id == listing_id,
            Listing.status == ListingStatus.ACTIVE,
            Listing.stock >= quantity,
        )
        .values(stock=Listing.stock - quantity)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        available = session.scalar(select(Listing.stock).where(Listing.id == listing_id)) or 0
        raise OutOfStock(listing_id, quantity, available)
    reservation = Reservation(
        listing_id=listing_id,
        quantity=quantity,
        status=ReservationStatus.HELD,
        expires_at=expires_at,
    )
    session.add(reservation)
    outbox.enqueue(session, [listing_id])
    session.flush()
    return reservation


def _move(session: Session, reservation: Reservation, frm: ReservationStatus,
          to: ReservationStatus) -> bool:
    result = session.execute(
        update(Reservation)
        .where(Reservation.id == reservation.id, Reservation.status == frm)
        .values(status=to)
        .execution_options(synchronize_session=False)
    )
    session.refresh(reservation, ["status"])
    return result.rowcount == 1


def _give_back(session: Session, reservation: Reservation) -> None:
    session.execute(
        update(Listing)
        .where(Listing.id == reservation.listing_id)
        .values(stock=Listing.stock + reservation.quantity)
        .execution_options(synchronize_session=False)
    )
    outbox.enqueue(session, [reservation.listing_id])


def release(session: Session, reservation: Reservation) -> bool:
    """Return a held reservation's stock (unpaid, expired, cancelled). False if not held."""
    if not _move(session, reservation, ReservationStatus.HELD, ReservationStatus.RELEASED):
        return False
    _give_back(session, reservation)
    return True


def commit(session: Session, reservation: Reservation) -> bool:
    """The reservation was paid for: the stock is sold for good. False if not held."""
    return _move(session, reservation, ReservationStatus.HELD, ReservationStatus.COMMITTED)


def restock(session: Session, reservation: Reservation) -> bool:
    """A paid order was cancelled and refunded before shipping: the items go back on sale."""
    if not _move(session, reservation, ReservationStatus.COMMITTED, ReservationStatus.RESTOCKED):
        return False
    _give_back(session, reservation)
    return True


def set_stock(session: Session, listing: Listing, *, to: int, seen: int | None) -> None:
    """The artisan's new count, applied only if the stock is still the `seen` she edited.

    A blind assignment would undo every reservation made since her form loaded (a listing of
    one could end with two holds); here a sale in between raises StockChanged instead.
    """
    if not isinstance(to, int) or to < 0:
        raise ValueError(f"stock must be a whole number from 0, got {to!r}")
    result = session.execute(
        update(Listing)
        .where(Listing.id == listing.id, Listing.stock == seen)
        .values(stock=to)
        .execution_options(synchronize_session=False)
    )
    session.refresh(listing, ["stock"])
    if result.rowcount != 1:
        raise StockChanged(listing.id, seen, listing.stock)
    outbox.enqueue(session, [listing.id])
