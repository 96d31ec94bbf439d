"""Raw materials bought together: a cooperative's purchase rounds and its members' commitments.

A round prices a material by tiers of the total quantity committed; at the deadline it fails
below its minimum (nothing is owed) or the cooperative confirms it at the tier reached, and each
member's cost is posted to the ledger (`cooperatives.purchase_rounds`).
"""
from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core.money import Money
from marketplace.extensions import db
from marketplace.models.base import Bilingual, Timestamped, naive_utc, str_enum

if TYPE_CHECKING:
    from marketplace.models.accounts import ArtisanProfile
    from marketplace.models.cooperatives import Cooperative


class Material(enum.StrEnum):
    WOOL = "wool"
    NATURAL_DYES = "natural_dyes"
    SILK_YARN = "silk_yarn"
    CLAY = "clay"
    RATTAN = "rattan"
    OTHER = "other"


class MaterialUnit(enum.StrEnum):
    KILOGRAM = "kg"
    SKEIN = "skein"
    BUNDLE = "bundle"
    METRE = "metre"


class RoundStatus(enum.StrEnum):
    OPEN = "open"  # members commit until the deadline
    FAILED = "failed"  # below the minimum at the deadline: nothing is owed
    CONFIRMED = "confirmed"  # costs posted; the cooperative orders from the supplier
    ORDERED = "ordered"
    RECEIVED = "received"
    HANDED_OUT = "handed_out"


class PurchaseRound(Bilingual, Timestamped, db.Model):
    __tablename__ = "purchase_round"
    __table_args__ = (
        CheckConstraint("minimum_quantity > 0", name="minimum_positive"),
        CheckConstraint("delivery_cost_minor >= 0", name="delivery_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperative.id"), index=True)
    material: Mapped[Material] = mapped_column(str_enum(Material))
    title_fa: Mapped[str] = mapped_column(String(160))
    title_en: Mapped[str] = mapped_column(String(160), default="")
    supplier: Mapped[str] = mapped_column(String(160))
    unit: Mapped[MaterialUnit] = mapped_column(str_enum(MaterialUnit))
    currency: Mapped[str] = mapped_column(String(3))  # the cooperative's
    minimum_quantity: Mapped[int]
    deadline: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    delivery_place_fa: Mapped[str] = mapped_column(String(200))
    delivery_place_en: Mapped[str] = mapped_column(String(200), default="")
    # Shared by the members in proportion to their quantities (largest remainder, whole units).
    delivery_cost_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    status: Mapped[RoundStatus] = mapped_column(
        str_enum(RoundStatus), default=RoundStatus.OPEN, index=True
    )
    unit_price_minor: Mapped[int | None] = mapped_column(BigInteger)  # the tier reached
    confirmed_quantity: Mapped[int | None]
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ordered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    handed_out_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    cooperative: Mapped[Cooperative] = relationship()
    tiers: Mapped[list[PriceTier]] = relationship(
        back_populates="round", order_by="PriceTier.min_quantity", cascade="all, delete-orphan"
    )
    commitments: Mapped[list[Commitment]] = relationship(
        back_populates="round", order_by="Commitment.id"
    )

    @property
    def delivery_cost(self) -> Money:
        return Money(self.delivery_cost_minor, self.currency)

    def accepting(self, now: datetime) -> bool:
        """Members may commit, change or withdraw: open and before the deadline."""
        return self.status == RoundStatus.OPEN and naive_utc(now) < naive_utc(self.deadline)


class PriceTier(db.Model):
    """From `min_quantity` units in total, every unit costs `unit_price_minor`."""

    __tablename__ = "price_tier"
    __table_args__ = (
        UniqueConstraint("round_id", "min_quantity"),
        CheckConstraint("min_quantity > 0", name="min_quantity_positive"),
        CheckConstraint("unit_price_minor > 0", name="price_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("purchase_round.id"), index=True)
    min_quantity: Mapped[int]
    unit_price_minor: Mapped[int] = mapped_column(BigInteger)

    round: Mapped[PurchaseRound] = relationship(back_populates="tiers")


class Commitment(Timestamped, db.Model):
    """How much one member takes from a round; withdrawing deletes it."""

    __table_args__ = (
        UniqueConstraint("round_id", "artisan_id"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("purchase_round.id"), index=True)
    artisan_id: Mapped[int] = mapped_column(ForeignKey("artisan_profile.id"), index=True)
    quantity: Mapped[int]

    round: Mapped[PurchaseRound] = relationship(back_populates="commitments")
    artisan: Mapped[ArtisanProfile] = relationship()
