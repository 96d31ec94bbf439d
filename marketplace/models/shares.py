"""Cooperative ownership: shareholders, the append-only share register, dividends."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    String,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.extensions import db
from marketplace.models.base import str_enum, utcnow

if TYPE_CHECKING:
    from marketplace.models.accounts import User
    from marketplace.models.cooperatives import Cooperative


class Shareholder(db.Model):
    __table_args__ = (UniqueConstraint("cooperative_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperative.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    country_code: Mapped[str] = mapped_column(String(2))  # country of residence
    is_foreign: Mapped[bool] = mapped_column(Boolean, default=False)
    # Foreign shareholders are ambassadors: `?ref=<code>` attributes a checkout to them.
    referral_code: Mapped[str | None] = mapped_column(String(16), unique=True)
    registered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    cooperative: Mapped[Cooperative] = relationship()
    user: Mapped[User] = relationship()


class ShareMovementKind(enum.StrEnum):
    ISSUE = "issue"
    TRANSFER = "transfer"
    REDEEM = "redeem"


class ShareMovement(db.Model):
    """One line of the share register; never updated or deleted (see `shares.py`).

    An issue has only a receiver, a redemption only a giver, a transfer both. A holding is what
    a shareholder received minus what they gave.
    """

    __tablename__ = "share_movement"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint(
            "(kind = 'issue' AND from_shareholder_id IS NULL AND to_shareholder_id IS NOT NULL)"
            " OR (kind = 'redeem' AND from_shareholder_id IS NOT NULL"
            " AND to_shareholder_id IS NULL)"
            " OR (kind = 'transfer' AND from_shareholder_id IS NOT NULL"
            " AND to_shareholder_id IS NOT NULL)",
            name="parties_match_kind",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperative.id"), index=True)
    kind: Mapped[ShareMovementKind] = mapped_column(str_enum(ShareMovementKind))
    from_shareholder_id: Mapped[int | None] = mapped_column(ForeignKey("shareholder.id"))
    to_shareholder_id: Mapped[int | None] = mapped_column(ForeignKey("shareholder.id"))
    quantity: Mapped[int]
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))


class Dividend(db.Model):
    __table_args__ = (CheckConstraint("amount_minor > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperative.id"), index=True)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    record_date: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    declared_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    declared_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    cooperative: Mapped[Cooperative] = relationship()
    allocations: Mapped[list[DividendAllocation]] = relationship(
        back_populates="dividend", order_by="DividendAllocation.shareholder_id"
    )


class DividendAllocation(db.Model):
    __table_args__ = (
        UniqueConstraint("dividend_id", "shareholder_id"),
        CheckConstraint("amount_minor >= 0", name="amount_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dividend_id: Mapped[int] = mapped_column(ForeignKey("dividend.id"), index=True)
    shareholder_id: Mapped[int] = mapped_column(ForeignKey("shareholder.id"), index=True)
    shares: Mapped[int]
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    dividend: Mapped[Dividend] = relationship(back_populates="allocations")
    shareholder: Mapped[Shareholder] = relationship()


class AppendOnlyViolation(RuntimeError):
    """Raised when code tries to change history; corrections are new movements."""


@event.listens_for(ShareMovement, "before_update")
@event.listens_for(ShareMovement, "before_delete")
def _share_register_is_append_only(mapper, connection, target) -> None:
    raise AppendOnlyViolation(f"share movement {target.id} is part of the register")


class CheckoutReferral(db.Model):
    """A checkout that arrived through a foreign shareholder's referral link (`?ref=CODE`)."""

    __tablename__ = "checkout_referral"

    checkout_id: Mapped[int] = mapped_column(ForeignKey("checkout.id"), primary_key=True)
    shareholder_id: Mapped[int] = mapped_column(ForeignKey("shareholder.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
