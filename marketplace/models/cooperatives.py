"""Cooperatives and the artisans who belong to them."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core.money import home_currency
from marketplace.extensions import db
from marketplace.models.base import Bilingual, Timestamped, str_enum, utcnow

if TYPE_CHECKING:
    from marketplace.models.accounts import ArtisanProfile, User
    from marketplace.models.catalog import Listing
    from marketplace.models.geography import Province, Village


class CooperativeKind(enum.StrEnum):
    PRODUCER = "producer"
    SUPPLY = "supply"
    EXPORT = "export"


class MembershipStatus(enum.StrEnum):
    INVITED = "invited"
    PENDING = "pending"
    ACTIVE = "active"
    LEFT = "left"


cooperative_admin = Table(
    "cooperative_admin",
    db.metadata,
    Column("user_id", ForeignKey("user.id"), primary_key=True),
    Column("cooperative_id", ForeignKey("cooperative.id"), primary_key=True),
)


class Cooperative(Bilingual, Timestamped, db.Model):
    __table_args__ = (
        CheckConstraint("commission_bps >= 0 AND commission_bps <= 5000", name="commission_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name_fa: Mapped[str] = mapped_column(String(160))
    name_en: Mapped[str] = mapped_column(String(160))
    kind: Mapped[CooperativeKind] = mapped_column(str_enum(CooperativeKind))
    province_id: Mapped[int] = mapped_column(ForeignKey("province.id"), index=True)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("village.id"))
    description_fa: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    commission_bps: Mapped[int] = mapped_column(default=1000)  # 1000 bps = 10 %
    founded_year: Mapped[int | None]
    logo: Mapped[str | None] = mapped_column(String(80))

    province: Mapped[Province] = relationship()
    village: Mapped[Village | None] = relationship()
    memberships: Mapped[list[Membership]] = relationship(back_populates="cooperative")
    listings: Mapped[list[Listing]] = relationship(back_populates="cooperative")
    admins: Mapped[list[User]] = relationship(
        secondary=cooperative_admin, back_populates="administered_cooperatives"
    )

    @property
    def currency(self) -> str:
        """What the cooperative keeps its books in: its commission, dividends, members' payouts."""
        return home_currency(self.province.country_code)

    @property
    def active_members(self) -> list[ArtisanProfile]:
        return [m.artisan for m in self.memberships if m.status == MembershipStatus.ACTIVE]


class Membership(db.Model):
    __table_args__ = (UniqueConstraint("cooperative_id", "artisan_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperative.id"), index=True)
    artisan_id: Mapped[int] = mapped_column(ForeignKey("artisan_profile.id"), index=True)
    role: Mapped[str] = mapped_column(String(20), default="member")
    status: Mapped[MembershipStatus] = mapped_column(
        str_enum(MembershipStatus), default=MembershipStatus.PENDING
    )
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    cooperative: Mapped[Cooperative] = relationship(back_populates="memberships")
    artisan: Mapped[ArtisanProfile] = relationship(back_populates="memberships")
