"""The share register of a cooperative: who owns how many shares, and how that changed.

The register is append-only (issues, transfers, redemptions); holdings and the cap table are
computed from it. No movement may leave a holder below zero shares.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, selectinload

from marketplace.core.decisions import serialise
from marketplace.core.errors import DomainError
from marketplace.models import (
    Cooperative,
    Shareholder,
    ShareMovement,
    ShareMovementKind,
    User,
)
from marketplace.models.base import utcnow

_REFERRAL_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed


class ShareError(DomainError):
    pass


class AlreadyShareholder(ShareError):
    pass


class InsufficientShares(ShareError):
    def __init__(self, held: int) -> None:
        super().__init__(held)
        self.held = held


class NotInCooperative(ShareError):
    pass


def new_referral_code() -> str:
    return "".join(secrets.choice(_REFERRAL_ALPHABET) for _ in range(8))


def country_of(cooperative: Cooperative) -> str:
    return cooperative.province.country_code


def register_shareholder(
    session: Session, *, cooperative: Cooperative, user: User, country_code: str,
    foreign_national: bool = False,
) -> Shareholder:
    """Record `user` as a shareholder, living in `country_code`.

    A foreign shareholder (a foreign national, like the foreign residents of Qom, or anyone
    living abroad) is an ambassador and gets a referral code.
    """
    exists = session.scalar(
        select(func.count()).select_from(Shareholder).where(
            Shareholder.cooperative_id == cooperative.id, Shareholder.user_id == user.id
        )
    )
    if exists:
        raise AlreadyShareholder(user.id)
    country_code = country_code.strip().upper()
    foreign = foreign_national or country_code != country_of(cooperative)
    holder = Shareholder(
        cooperative=cooperative,
        user=user,
        country_code=country_code,
        is_foreign=foreign,
        referral_code=new_referral_code() if foreign else None,
    )
    session.add(holder)
    session.flush()
    return holder


def _check(cooperative: Cooperative, quantity: int, *holders: Shareholder) -> None:
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity <= 0:
        raise ValueError("a share movement moves a positive whole number of shares")
    if any(h.cooperative_id != cooperative.id for h in holders):
        raise NotInCooperative(cooperative.id)


def _record(session: Session, cooperative: Cooperative, kind: ShareMovementKind, quantity: int,
            *, giver: Shareholder | None, receiver: Shareholder | None,
            by: User | None, at: datetime | None) -> ShareMovement:
    movement = ShareMovement(
        cooperative_id=cooperative.id,
        kind=kind,
        from_shareholder_id=giver.id if giver else None,
        to_shareholder_id=receiver.id if receiver else None,
        quantity=quantity,
        recorded_by_id=by.id if by else None,
        recorded_at=at or utcnow(),
    )
    session.add(movement)
    session.flush()
    return movement


def _take(session: Session, cooperative: Cooperative, giver: Shareholder, quantity: int) -> None:
    serialise(session, cooperative)  # two redemptions of the last shares: one succeeds (S35)
    held = holding(session, giver)
    if quantity > held:
        raise InsufficientShares(held)


def issue(session: Session, *, cooperative: Cooperative, shareholder: Shareholder, quantity: int,
          by: User | None = None, at: datetime | None = None) -> ShareMovement:
    _check(cooperative, quantity, shareholder)
    serialise(session, cooperative)  # the register of one cooperative moves one step at a time
    return _record(session, cooperative, ShareMovementKind.ISSUE, quantity,
                   giver=None, receiver=shareholder, by=by, at=at)


def transfer(session: Session, *, cooperative: Cooperative, giver: Shareholder,
             receiver: Shareholder, quantity: int, by: User | None = None,
             at: datetime | None = None) -> ShareMovement:
    _check(cooperative, quantity, giver, receiver)
    if giver.id == receiver.id:
        raise ValueError("a transfer needs two different shareholders")
    _take(session, cooperative, giver, quantity)
    return _record(session, cooperative, ShareMovementKind.TRANSFER, quantity,
                   giver=giver, receiver=receiver, by=by, at=at)


def redeem(session: Session, *, cooperative: Cooperative, shareholder: Shareholder, quantity: int,
           by: User | None = None, at: datetime | None = None) -> ShareMovement:
    _check(cooperative, quantity, shareholder)
    _take(session, cooperative, shareholder, quantity)
    return _record(session, cooperative, ShareMovementKind.REDEEM, quantity,
                   giver=shareholder, receiver=None, by=by, at=at)


def holdings(session: Session, cooperative_id: int, at: datetime | None = None) -> dict[int, int]:
    """Shareholder id -> shares held (only non-zero holdings), optionally as of `at`."""
    signed = [
        (ShareMovement.to_shareholder_id, ShareMovement.quantity),
        (ShareMovement.from_shareholder_id, -ShareMovement.quantity),
    ]
    result: dict[int, int] = {}
    for holder_column, amount in signed:
        query = (
            select(holder_column, func.sum(amount))
            .where(ShareMovement.cooperative_id == cooperative_id, holder_column.is_not(None))
            .group_by(holder_column)
        )
        if at is not None:
            query = query.where(ShareMovement.recorded_at <= at)
        for holder_id, total in session.execute(query):
            result[holder_id] = result.get(holder_id, 0) + int(total)
    return {holder: n for holder, n in result.items() if n}


def holding(session: Session, shareholder: Shareholder) -> int:
    quantity = case(
        (ShareMovement.to_shareholder_id == shareholder.id, ShareMovement.quantity),
        else_=-ShareMovement.quantity,
    )
    total = session.scalar(
        select(func.coalesce(func.sum(quantity), 0)).where(
            (ShareMovement.to_shareholder_id == shareholder.id)
            | (ShareMovement.from_shareholder_id == shareholder.id)
        )
    )
    return int(total)


@dataclass(frozen=True, slots=True)
class CapRow:
    shareholder: Shareholder
    shares: int
    percent: Decimal


def cap_table(session: Session, cooperative: Cooperative) -> list[CapRow]:
    """Every registered shareholder with shares and percentage, largest holder first."""
    held = holdings(session, cooperative.id)
    total = sum(held.values())
    holders = session.scalars(
        select(Shareholder)
        .where(Shareholder.cooperative_id == cooperative.id)
        .options(selectinload(Shareholder.user))
    )
    rows = [
        CapRow(h, held.get(h.id, 0),
               (Decimal(100 * held.get(h.id, 0)) / total).quantize(Decimal("0.01"))
               if total else Decimal(0))
        for h in holders
    ]
    return sorted(rows, key=lambda r: (-r.shares, r.shareholder.id))


def movements(session: Session, cooperative: Cooperative) -> list[ShareMovement]:
    return list(session.scalars(
        select(ShareMovement).where(ShareMovement.cooperative_id == cooperative.id)
        .order_by(ShareMovement.recorded_at.desc(), ShareMovement.id.desc())
    ))


def by_referral_code(session: Session, code: str) -> Shareholder | None:
    code = code.strip().upper()
    if not code or len(code) > 16:
        return None
    return session.scalar(select(Shareholder).where(Shareholder.referral_code == code))
