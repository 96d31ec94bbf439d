"""Where goods come from: province -> county -> village, in any country."""
from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.extensions import db
from marketplace.models.base import Bilingual

if TYPE_CHECKING:
    from marketplace.models.accounts import ArtisanProfile


class Province(Bilingual, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    country_code: Mapped[str] = mapped_column(String(2), index=True)  # ISO 3166-1 alpha-2
    name_fa: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    description_fa: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")

    counties: Mapped[list[County]] = relationship(
        back_populates="province", order_by="County.name_en"
    )


class County(Bilingual, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    province_id: Mapped[int] = mapped_column(ForeignKey("province.id"), index=True)
    name_fa: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))

    province: Mapped[Province] = relationship(back_populates="counties")
    villages: Mapped[list[Village]] = relationship(
        back_populates="county", order_by="Village.name_en"
    )


class Village(Bilingual, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    county_id: Mapped[int] = mapped_column(ForeignKey("county.id"), index=True)
    name_fa: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    description_fa: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")

    county: Mapped[County] = relationship(back_populates="villages")
    artisans: Mapped[list[ArtisanProfile]] = relationship(back_populates="village")

    @property
    def province(self) -> Province:
        return self.county.province
