"""Fairs and bazaars: the physical exhibitions behind the site and their online booths.

A fair is organised by the platform or by one cooperative (for its own region). Artisans and
cooperatives apply for a booth; an accepted booth features a few listings and has a note. Times
are stored in UTC; `Fair.timezone` names the zone of the place it happens in.
"""
from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.extensions import db
from marketplace.models.base import Bilingual, Timestamped, naive_utc, str_enum, utcnow

if TYPE_CHECKING:
    from marketplace.models.accounts import ArtisanProfile
    from marketplace.models.catalog import Listing
    from marketplace.models.cooperatives import Cooperative
    from marketplace.models.geography import Province


class FairLevel(enum.StrEnum):
    """How far a fair reaches: the field reports name exhibitions at each of these levels."""

    COUNTY = "county"
    PROVINCE = "province"
    NATIONAL = "national"
    INTERNATIONAL = "international"


class BoothStatus(enum.StrEnum):
    APPLIED = "applied"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class FairEventKind(enum.StrEnum):
    DEMONSTRATION = "demonstration"
    TALK = "talk"
    CEREMONY = "ceremony"


class Fair(Bilingual, Timestamped, db.Model):
    __table_args__ = (
        CheckConstraint("booth_count > 0", name="booth_count_positive"),
        CheckConstraint("features_per_booth BETWEEN 1 AND 24", name="features_range"),
        CheckConstraint("permanent OR closes_at IS NOT NULL", name="timeboxed_has_end"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name_fa: Mapped[str] = mapped_column(String(160))
    name_en: Mapped[str] = mapped_column(String(160))
    story_fa: Mapped[str] = mapped_column(Text, default="")
    story_en: Mapped[str] = mapped_column(Text, default="")
    theme_fa: Mapped[str] = mapped_column(String(160), default="")
    theme_en: Mapped[str] = mapped_column(String(160), default="")
    venue_fa: Mapped[str] = mapped_column(String(200), default="")
    venue_en: Mapped[str] = mapped_column(String(200), default="")
    level: Mapped[FairLevel] = mapped_column(str_enum(FairLevel))
    province_id: Mapped[int] = mapped_column(ForeignKey("province.id"), index=True)
    # The IANA zone of the place: a visitor without a zone of their own reads its local times.
    timezone: Mapped[str] = mapped_column(String(64))
    opens_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    closes_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    permanent: Mapped[bool] = mapped_column(Boolean, default=False)
    booth_count: Mapped[int]
    features_per_booth: Mapped[int] = mapped_column(default=6)
    # The organiser: a cooperative (for its own region), or the platform when empty.
    cooperative_id: Mapped[int | None] = mapped_column(ForeignKey("cooperative.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    province: Mapped[Province] = relationship()
    cooperative: Mapped[Cooperative | None] = relationship()
    booths: Mapped[list[Booth]] = relationship(back_populates="fair", order_by="Booth.id")
    events: Mapped[list[FairEvent]] = relationship(
        back_populates="fair", order_by="(FairEvent.starts_at, FairEvent.id)"
    )

    def has_opened(self, now: datetime) -> bool:
        return naive_utc(self.opens_at) <= naive_utc(now)

    def has_ended(self, now: datetime) -> bool:
        return self.closes_at is not None and naive_utc(self.closes_at) <= naive_utc(now)

    def is_open(self, now: datetime) -> bool:
        return self.has_opened(now) and not self.has_ended(now)


class Booth(Timestamped, db.Model):
    """One holder's place at a fair: an artisan's or a cooperative's, never both."""

    __table_args__ = (
        UniqueConstraint("fair_id", "artisan_id"),
        UniqueConstraint("fair_id", "cooperative_id"),
        CheckConstraint("(artisan_id IS NULL) <> (cooperative_id IS NULL)", name="one_holder"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fair.id"), index=True)
    artisan_id: Mapped[int | None] = mapped_column(ForeignKey("artisan_profile.id"), index=True)
    cooperative_id: Mapped[int | None] = mapped_column(ForeignKey("cooperative.id"), index=True)
    status: Mapped[BoothStatus] = mapped_column(
        str_enum(BoothStatus), default=BoothStatus.APPLIED, index=True
    )
    application: Mapped[str] = mapped_column(String(1000), default="")
    decision_reason: Mapped[str] = mapped_column(String(300), default="")
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    note_fa: Mapped[str] = mapped_column(Text, default="")
    note_en: Mapped[str] = mapped_column(Text, default="")
    # Where a physical fair put the booth, and when it is staffed (local time of the fair).
    hall: Mapped[str] = mapped_column(String(60), default="")
    number: Mapped[str] = mapped_column(String(20), default="")
    hours: Mapped[str] = mapped_column(String(60), default="")

    fair: Mapped[Fair] = relationship(back_populates="booths")
    artisan: Mapped[ArtisanProfile | None] = relationship()
    cooperative: Mapped[Cooperative | None] = relationship()
    features: Mapped[list[BoothFeature]] = relationship(
        back_populates="booth", order_by="(BoothFeature.position, BoothFeature.id)"
    )

    def holder_name(self, lang: str) -> str:
        if self.artisan is not None:
            return self.artisan.localized("display_name", lang)
        return self.cooperative.localized("name", lang)

    def note(self, lang: str) -> str:
        return (self.note_en if lang == "en" and self.note_en else self.note_fa) or self.note_en

    @property
    def current_features(self) -> list[BoothFeature]:
        return [f for f in self.features if f.unfeatured_at is None]


class BoothFeature(db.Model):
    """A listing shown at a booth, from `featured_at` until `unfeatured_at` (kept afterwards:
    the organiser's sales figures count a sale at the booth only while it was featured)."""

    __tablename__ = "booth_feature"

    id: Mapped[int] = mapped_column(primary_key=True)
    booth_id: Mapped[int] = mapped_column(ForeignKey("booth.id"), index=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listing.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    featured_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    unfeatured_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)

    booth: Mapped[Booth] = relationship(back_populates="features")
    listing: Mapped[Listing] = relationship()


class FairEvent(Bilingual, db.Model):
    """A demonstration, talk or ceremony on a fair's schedule, optionally at one booth."""

    __tablename__ = "fair_event"
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fair.id"), index=True)
    booth_id: Mapped[int | None] = mapped_column(ForeignKey("booth.id"))
    kind: Mapped[FairEventKind] = mapped_column(str_enum(FairEventKind))
    title_fa: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200), default="")
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    fair: Mapped[Fair] = relationship(back_populates="events")
    booth: Mapped[Booth | None] = relationship()


class BoothVisits(db.Model):
    """How many times a booth's page was opened on one day of the fair (the fair's local day).

    A bare counter: no visitor, address or cookie is stored, and no third party sees the visit.
    """

    __tablename__ = "booth_visits"
    __table_args__ = (CheckConstraint("visits >= 0", name="visits_not_negative"),)

    booth_id: Mapped[int] = mapped_column(ForeignKey("booth.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    visits: Mapped[int] = mapped_column(default=0)
