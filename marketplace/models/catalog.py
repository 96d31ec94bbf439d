"""What is for sale: categories, listings with their texts and photos, reports."""
from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core.images import SMALL_THUMBNAIL_BOX, THUMBNAIL_BOX, fitted
from marketplace.core.money import Money
from marketplace.core.ratings import average_rating
from marketplace.extensions import db
from marketplace.models.base import Bilingual, Timestamped, str_enum

if TYPE_CHECKING:
    from marketplace.models.accounts import ArtisanProfile
    from marketplace.models.cooperatives import Cooperative
    from marketplace.models.geography import Village


class ListingStatus(enum.StrEnum):
    DRAFT = "draft"
    PENDING_REVIEW = "pending_review"  # submitted under a cooperative, awaiting its admin
    ACTIVE = "active"
    ARCHIVED = "archived"
    REMOVED = "removed"  # taken down by the platform; only a platform admin brings it back


class Category(Bilingual, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("category.id"), index=True)
    name_fa: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(default=0)

    parent: Mapped[Category | None] = relationship(
        remote_side="Category.id", back_populates="children"
    )
    children: Mapped[list[Category]] = relationship(
        back_populates="parent", order_by="Category.position"
    )

    @property
    def ancestors(self) -> list[Category]:
        """Root first, self excluded: the breadcrumb trail."""
        trail: list[Category] = []
        node = self.parent
        while node is not None:
            trail.insert(0, node)
            node = node.parent
        return trail


class Listing(Timestamped, db.Model):
    __table_args__ = (
        CheckConstraint("stock >= 0", name="stock_not_negative"),
        CheckConstraint("price_minor > 0", name="price_positive"),
        CheckConstraint("prep_days IS NULL OR prep_days BETWEEN 1 AND 365", name="prep_days_range"),
        CheckConstraint("rating_total BETWEEN rating_count AND 5 * rating_count",
                        name="rating_consistent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    artisan_id: Mapped[int] = mapped_column(ForeignKey("artisan_profile.id"), index=True)
    cooperative_id: Mapped[int | None] = mapped_column(ForeignKey("cooperative.id"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"), index=True)
    # Provenance: the village the piece was made in (usually, not always, the artisan's).
    village_id: Mapped[int] = mapped_column(ForeignKey("village.id"), index=True)
    price_minor: Mapped[int] = mapped_column(BigInteger)  # 12_500_000 IRR, 1999 USD cents
    currency: Mapped[str] = mapped_column(String(3))
    stock: Mapped[int] = mapped_column(default=0)
    length_mm: Mapped[int | None]
    width_mm: Mapped[int | None]
    height_mm: Mapped[int | None]
    weight_g: Mapped[int | None]
    # Made to order: each piece is made after purchase and ships `prep_days` later; `stock` is
    # then how many orders the artisan will take on.
    made_to_order: Mapped[bool] = mapped_column(default=False)
    prep_days: Mapped[int | None]
    status: Mapped[ListingStatus] = mapped_column(
        str_enum(ListingStatus), default=ListingStatus.DRAFT, index=True
    )
    # Why the platform took the listing down, shown to its artisan.
    removal_reason: Mapped[str] = mapped_column(String(300), default="", server_default="")
    # Its published reviews: how many and the sum of their stars, changed in the transaction of
    # each review and take-down (`catalog.reviews`), so that a card shows stars without a query.
    rating_count: Mapped[int] = mapped_column(default=0, server_default="0")
    rating_total: Mapped[int] = mapped_column(default=0, server_default="0")
    # A custom piece an artisan offered one shopper in a conversation: only that shopper sees
    # and buys it, and it is in no list or search (showcase, carts, search.documents).
    reserved_for_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)

    artisan: Mapped[ArtisanProfile] = relationship(back_populates="listings")
    cooperative: Mapped[Cooperative | None] = relationship(back_populates="listings")
    category: Mapped[Category] = relationship()
    village: Mapped[Village] = relationship()
    translations: Mapped[list[ListingTranslation]] = relationship(
        back_populates="listing", cascade="all, delete-orphan"
    )
    images: Mapped[list[ListingImage]] = relationship(
        back_populates="listing", cascade="all, delete-orphan", order_by="ListingImage.position"
    )

    @property
    def price(self) -> Money:
        return Money(self.price_minor, self.currency)

    @property
    def in_stock(self) -> bool:
        return self.stock > 0

    @property
    def rating(self) -> Decimal | None:
        """The average of its published reviews to one decimal (4.7), None before the first."""
        return average_rating(self.rating_total, self.rating_count)

    def text(self, lang: str) -> ListingTranslation:
        """The text in `lang`, else the Persian one every listing has; compare `.lang` to tell."""
        by_lang = {t.lang: t for t in self.translations}
        return by_lang.get(lang) or by_lang.get("fa") or next(iter(by_lang.values()))


class ListingTranslation(db.Model):
    __table_args__ = (UniqueConstraint("listing_id", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listing.id"), index=True)
    lang: Mapped[str] = mapped_column(String(5))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    materials: Mapped[str] = mapped_column(String(300), default="")

    listing: Mapped[Listing] = relationship(back_populates="translations")


class ListingImage(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listing.id"), index=True)
    filename: Mapped[str] = mapped_column(String(80), unique=True)  # generated by the server
    # Cards and carts show these (WebP, in THUMBNAIL_BOX and SMALL_THUMBNAIL_BOX); photos
    # stored before them have a thumbnail in the upload's format and no small one until
    # `flask images thumbnails` makes both.
    thumbnail: Mapped[str | None] = mapped_column(String(80))
    thumbnail_small: Mapped[str | None] = mapped_column(String(80))
    width: Mapped[int]
    height: Mapped[int]
    position: Mapped[int] = mapped_column(default=0)

    listing: Mapped[Listing] = relationship(back_populates="images")

    @property
    def thumbnail_widths(self) -> tuple[int, int]:
        """The pixel widths of the small and the large thumbnail, for a `srcset`."""
        return (fitted((self.width, self.height), SMALL_THUMBNAIL_BOX)[0],
                fitted((self.width, self.height), THUMBNAIL_BOX)[0])


class ReportReason(enum.StrEnum):
    NOT_HANDMADE = "not_handmade"  # factory goods passed off as craft
    WRONG_ORIGIN = "wrong_origin"  # provenance misstated, the very thing Bazaar exists to stop
    PROHIBITED = "prohibited"
    OFFENSIVE = "offensive"
    OTHER = "other"


class ListingReport(Timestamped, db.Model):
    """A signed-in user's report that a listing breaks the rules, until a platform admin acts."""

    __table_args__ = (UniqueConstraint("listing_id", "reporter_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listing.id"), index=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    reason: Mapped[ReportReason] = mapped_column(str_enum(ReportReason))
    details: Mapped[str] = mapped_column(String(500), default="")
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)

    listing: Mapped[Listing] = relationship()
