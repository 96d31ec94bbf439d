"""Dividends: a cooperative shares out retained earnings by shares held at a record date."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.cooperatives import ledger, shares
from marketplace.core.decisions import serialise
from marketplace.core.errors import DomainError
from marketplace.core.money import Money, counted_unit
from marketplace.models import (
    AccountKind,
    Cooperative,
    Dividend,
    DividendAllocation,
    TransactionKind,
    User,
)
from marketplace.models.base import utcnow


class DividendError(DomainError):
    pass


class NoShares(DividendError):
    pass


class AlreadyPaid(DividendError):
    pass


class RecordDateInFuture(DividendError):
    pass


def declare(
    session: Session,
    *,
    cooperative: Cooperative,
    amount: Money,
    record_date: datetime | None = None,
    declared_by: User | None = None,
) -> Dividend:
    """Declare `amount` (≤ retained earnings) and allocate it to the holders at `record_date`.

    The split is the largest-remainder one, in whole toman for rials, so the allocations add
    up to the amount exactly; the ledger moves the amount from the cooperative's earnings to
    each holder's payable.
    """
    now = utcnow()
    record_date = record_date or now
    if record_date.replace(tzinfo=None) > now.replace(tzinfo=None):
        raise RecordDateInFuture(record_date)
    if amount.amount_minor <= 0:
        raise ValueError("a dividend is positive")
    serialise(session, cooperative)  # ten admins pressing at once still pay it out once (S35)
    available = ledger.retained_earnings(session, cooperative.id, amount.currency)
    if amount.amount_minor > available.amount_minor:
        raise ledger.ExceedsBalance(available)
    held = shares.holdings(session, cooperative.id, at=record_date)
    if not held:
        raise NoShares(cooperative.id)
    # In whole toman for rials: nobody pays or is paid a fraction of one.
    parts = ledger.split_by_shares(amount.amount_minor, held,
                                   unit=counted_unit(amount.currency))
    dividend = Dividend(
        cooperative_id=cooperative.id, amount_minor=amount.amount_minor, currency=amount.currency,
        record_date=record_date, declared_at=now,
        declared_by_id=declared_by.id if declared_by else None,
    )
    session.add(dividend)
    session.flush()
    earnings = ledger.account(session, AccountKind.COOP_EARNINGS, amount.currency,
                              cooperative_id=cooperative.id)
    postings = [(earnings, amount.amount_minor, None)]
    for holder_id in sorted(parts):
        session.add(DividendAllocation(dividend_id=dividend.id, shareholder_id=holder_id,
                                       shares=held[holder_id], amount_minor=parts[holder_id]))
        payable = ledger.account(session, AccountKind.DIVIDEND_PAYABLE, amount.currency,
                                 shareholder_id=holder_id)
        postings.append((payable, -parts[holder_id], None))
    ledger.post(session, TransactionKind.DIVIDEND, f"dividend:{dividend.id}", postings,
                 memo=f"dividend {dividend.id} of cooperative {cooperative.id}")
    session.flush()
    return dividend


def mark_paid(session: Session, *, allocation: DividendAllocation) -> DividendAllocation:
    """The cooperative paid this shareholder; the payable goes down by exactly the allocation."""
    serialise(session, allocation.dividend.cooperative)
    session.refresh(allocation, ["paid_at"])  # another admin may have marked it meanwhile
    if allocation.paid_at is not None:
        raise AlreadyPaid(allocation.id)
    currency = allocation.dividend.currency
    if allocation.amount_minor:
        payable = ledger.account(session, AccountKind.DIVIDEND_PAYABLE, currency,
                                 shareholder_id=allocation.shareholder_id)
        cash = ledger.account(session, AccountKind.PLATFORM_CASH, currency)
        ledger.post(session, TransactionKind.DIVIDEND_PAYMENT, f"allocation:{allocation.id}",
                     [(payable, allocation.amount_minor, None),
                      (cash, -allocation.amount_minor, None)])
    allocation.paid_at = utcnow()
    session.flush()
    return allocation


def of_cooperative(session: Session, cooperative: Cooperative) -> list[Dividend]:
    return list(session.scalars(
        select(Dividend).where(Dividend.cooperative_id == cooperative.id)
        .order_by(Dividend.declared_at.desc(), Dividend.id.desc())
    ))
