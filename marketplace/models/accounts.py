"""People: accounts with a role, and the artisan profile behind a shop."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core.money import home_currency
from marketplace.extensions import db
from marketplace.models.base import Bilingual, Timestamped, str_enum

if TYPE_CHECKING:
    from marketplace.models.catalog import Listing
    from marketplace.models.cooperatives import Cooperative, Membership
    from marketplace.models.geography import Village


class Role(enum.StrEnum):
    SHOPPER = "shopper"
    ARTISAN = "artisan"
    COOP_ADMIN = "coop_admin"
    PLATFORM_ADMIN = "platform_admin"


class User(UserMixin, Timestamped, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(
str_enum(Role), default=Role.SHOPPER)
    locale: Mapped[str | None] = mapped_column(String(5))
    # Bumped on logout and password change: old session cookies stop working (S12).
    session_token: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    artisan_profile: Mapped[ArtisanProfile | None] = relationship(back_populates="user")
    administered_cooperatives: Mapped[list[Cooperative]] = relationship(
        secondary="cooperative_admin", back_populates="admins"
    )

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.active

    @property
    def is_platform_admin(self) -> bool:
        return self.role == Role.PLATFORM_ADMIN


class ArtisanProfile(Bilingual, Timestamped, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), unique=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    display_name_fa: Mapped[str] = mapped_column(String(120))
    display_name_en: Mapped[str] = mapped_column(String(120))
    craft_fa: Mapped[str] = mapped_column(String(120), default="")
    craft_en: Mapped[str] = mapped_column(String(120), default="")
    story_fa: Mapped[str] = mapped_column(Text, default="")
    story_en: Mapped[str] = mapped_column(Text, default="")
    village_id: Mapped[int] = mapped_column(ForeignKey("village.id"), index=True)
    # Self-declared by the artisan; a cooperative she belongs to may confirm it (insights).
    women_led: Mapped[bool] = mapped_column(Boolean, default=False)
    women_led_confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("cooperative.id"))
    women_led_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    photo: Mapped[str | None] = mapped_column(String(80))
    # When her application to sell was approved (accounts.applications); until then she can
    # prepare listings but not publish them (catalog.listings.move).
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship(back_populates="artisan_profile")
    village: Mapped[Village] = relationship(back_populates="artisans")
    listings: Mapped[list[Listing]] = relationship(back_populates="artisan")
    memberships: Mapped[list[Membership]] = relationship(back_populates="artisan")
    women_led_confirmed_by: Mapped[Cooperative | None] = relationship()

    @property
    def approved(self) -> bool:
        return self.approved_at is not None

    @property
    def country_code(self) -> str:
        return self.village.county.province.country_code

    @property
    def currency(self) -> str:
        """What this artisan's listings are priced in and their payouts counted in."""
        return home_currency(self.country_code)
