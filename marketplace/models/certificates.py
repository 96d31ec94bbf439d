"""Certificates that can be checked: a registry of types, and grants to an artisan, a
cooperative or a listing, each with its issuer, number, dates and evidence."""
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
    Index,
    String,
    and_,
    or_,
)
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.extensions import db
from marketplace.models.base import Bilingual, Timestamped, str_enum

if TYPE_CHECKING:
    from marketplace.models.accounts import ArtisanProfile, User
    from marketplace.models.catalog import Listing
    from marketplace.models.cooperatives import Cooperative


class CertificateStatus(enum.StrEnum):
    PENDING = "pending"  # uploaded by its holder, waiting for a verifier
    VERIFIED = "verified"
    REJECTED = "rejected"
    EXPIRED = "expired"  # was verified; its expiry date has passed (the job runner moves it)


class HolderKind(enum.StrEnum):
    ARTISAN = "artisan"
    COOPERATIVE = "cooperative"
    LISTING = "listing"


class CertificateType(Bilingual, db.Model):
    """A kind of certificate the platform recognises: OCOP stars, a national seal, a licence.

    Which holders it can belong to, and whether the platform lets cooperative admins verify
    their members' certificates of this type (it always verifies them itself too).
    """

    __tablename__ = "certificate_type"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name_fa: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    for_artisans: Mapped[bool] = mapped_column(Boolean, default=False)
    for_cooperatives: Mapped[bool] = mapped_column(Boolean, default=False)
    for_listings: Mapped[bool] = mapped_column(Boolean, default=False)
    cooperatives_verify: Mapped[bool] = mapped_column(Boolean, default=False)

    def holds(self, kind: HolderKind) -> bool:
        return {HolderKind.ARTISAN: self.for_artisans,
                HolderKind.COOPERATIVE: self.for_cooperatives,
                HolderKind.LISTING: self.for_listings}[kind]


# Exactly one of the three holder columns is set.
_ONE_HOLDER = " + ".join(f"(CASE WHEN {column} IS NULL THEN 0 ELSE 1 END)"
                         for column in ("artisan_id", "cooperative_id", "listing_id")) + " = 1"


class Certificate(Timestamped, db.Model):
    """One grant of a certificate type to one holder; shown as a badge only while verified and
    unexpired (`shown_on`)."""

    __table_args__ = (
        CheckConstraint(_ONE_HOLDER, name="one_holder"),
        CheckConstraint("expires_on IS NULL OR expires_on >= issued_on", name="dates_in_order"),
        Index("ix_certificate_status_expires_on", "status", "expires_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    type_id: Mapped[int] = mapped_column(ForeignKey("certificate_type.id"), index=True)
    artisan_id: Mapped[int | None] = mapped_column(ForeignKey("artisan_profile.id"), index=True)
    cooperative_id: Mapped[int | None] = mapped_column(ForeignKey("cooperative.id"), index=True)
    listing_id: Mapped[int | None] = mapped_column(ForeignKey("listing.id"), index=True)
    issuer: Mapped[str] = mapped_column(String(200))
    number: Mapped[str] = mapped_column(String(80))
    issued_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)  # None: it does not expire
    # A server-generated name in the private evidence folder, never under the public media.
    evidence_file: Mapped[str | None] = mapped_column(String(80))
    status: Mapped[CertificateStatus] = mapped_column(
        str_enum(CertificateStatus), default=CertificateStatus.PENDING
    )
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    rejection_reason: Mapped[str] = mapped_column(String(300), default="")
    # When the holder was told it expires soon: once per certificate.
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    type: Mapped[CertificateType] = relationship()
    artisan: Mapped[ArtisanProfile | None] = relationship()
    cooperative: Mapped[Cooperative | None] = relationship()
    listing: Mapped[Listing | None] = relationship()
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def holder_kind(self) -> HolderKind:
        if self.listing_id is not None:
            return HolderKind.LISTING
        if self.cooperative_id is not None:
            return HolderKind.COOPERATIVE
        return HolderKind.ARTISAN

    @property
    def evidence_is_pdf(self) -> bool:
        return bool(self.evidence_file and self.evidence_file.endswith(".pdf"))

    @hybrid_method
    def shown_on(self, today: date) -> bool:
        """The badge rule, in Python and in SQL: verified, and not past its expiry date (a
        certificate is valid through the day it expires)."""
        return self.status == CertificateStatus.VERIFIED and (
            self.expires_on is None or self.expires_on >= today)

    @shown_on.expression
    def shown_on(cls, today: date):  # noqa: N805 (SQLAlchemy passes the class)
        return and_(cls.status == CertificateStatus.VERIFIED,
                    or_(cls.expires_on.is_(None), cls.expires_on >= today))

    @hybrid_method
    def lapsed_on(self, today: date) -> bool:
        """Verified, but its expiry date has passed: the job runner marks it expired."""
        return self.status == CertificateStatus.VERIFIED and (
            self.expires_on is not None and self.expires_on < today)

    @lapsed_on.expression
    def lapsed_on(cls, today: date):  # noqa: N805
        return and_(cls.status == CertificateStatus.VERIFIED, cls.expires_on.is_not(None),
                    cls.expires_on < today)
