"""Vetted shops: an artisan's application to sell, decided by her cooperative or the platform."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.extensions import db
from marketplace.models.base import Timestamped, str_enum

if TYPE_CHECKING:
    from marketplace.models.accounts import ArtisanProfile, User
    from marketplace.models.certificates import Certificate
    from marketplace.models.cooperatives import Cooperative


class ApplicationStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class ShopApplication(Timestamped, db.Model):
    """What the artisan sent (her story, village and craft are on her profile; photos of her
    work and, if she has one, a licence as a certificate) and what was decided. Under a
    cooperative its admins decide; for an independent artisan, the platform's admins."""

    __tablename__ = "shop_application"

    id: Mapped[int] = mapped_column(primary_key=True)
    artisan_id: Mapped[int] = mapped_column(ForeignKey("artisan_profile.id"), index=True)
    cooperative_id: Mapped[int | None] = mapped_column(ForeignKey("cooperative.id"), index=True)
    status: Mapped[ApplicationStatus] = mapped_column(
        str_enum(ApplicationStatus), default=ApplicationStatus.PENDING, index=True
    )
    licence_id: Mapped[int | None] = mapped_column(ForeignKey("certificate.id"))
    reason: Mapped[str] = mapped_column(String(500), default="")  # why it was turned down
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    artisan: Mapped[ArtisanProfile] = relationship()
    cooperative: Mapped[Cooperative | None] = relationship()
    licence: Mapped[Certificate | None] = relationship()
    decided_by: Mapped[User | None] = relationship()
    photos: Mapped[list[ShopApplicationPhoto]] = relationship(
        back_populates="application", cascade="all, delete-orphan",
        order_by="ShopApplicationPhoto.position",
    )


class ShopApplicationPhoto(db.Model):
    """A photo of the applicant's work, stored as listing photos are (images.py)."""

    __tablename__ = "shop_application_photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("shop_application.id"), index=True)
    filename: Mapped[str] = mapped_column(String(80), unique=True)
    thumbnail: Mapped[str] = mapped_column(String(80))
    width: Mapped[int]
    height: Mapped[int]
    position: Mapped[int] = mapped_column(default=0)

    application: Mapped[ShopApplication] = relationship(back_populates="photos")
