"""An artisan's listings: create, update, submit to a cooperative, archive. Services flush only.

Descriptions keep a little formatting (paragraphs, emphasis, lists) and lose everything else,
through nh3; titles and materials are plain text and escaped when shown (S17).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import nh3
from sqlalchemy.orm import Session

from marketplace.commerce import inventory
from marketplace.core.errors import DomainError
from marketplace.models import (
    ArtisanProfile,
    Category,
    Cooperative,
    Listing,
    ListingImage,
    ListingStatus,
    ListingTranslation,
    MembershipStatus,
)

DESCRIPTION_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li"}
LANGUAGES = ("fa", "en")
MAX_IMAGES = 8


class ListingError(DomainError):
    pass


class NotAMember(ListingError):
    pass


class TooManyImages(ListingError):
    pass


class ShopNotApproved(ListingError):
    """Her application to sell is not approved yet: she may save drafts, not publish."""


@dataclass(frozen=True, slots=True)
class ListingText:
    title: str
    description: str = ""
    materials: str = ""


@dataclass
class ListingInput:
    """What an artisan may set. Nothing else from a form reaches a listing (S06)."""

    category: Category
    price_minor: int
    stock: int
    # The stock the artisan saw when her form loaded; an edit applies her new count only if
    # the stock is still that (inventory.set_stock).
    stock_seen: int | None = None
    texts: dict[str, ListingText] = field(default_factory=dict)
    cooperative: Cooperative | None = None
    made_to_order: bool = False
    prep_days: int | None = None
    length_mm: int | None = None
    width_mm: int | None = None
    height_mm: int | None = None
    weight_g: int | None = None


def sanitize_description(html: str) -> str:
    return nh3.clean(html, tags=DESCRIPTION_TAGS, attributes={}, link_rel=None).strip()


def estimated_dispatch(listing: Listing, today: date) -> date | None:
    """When a made-to-order piece bought today leaves the workshop; None for ready pieces."""
    if not listing.made_to_order or not listing.prep_days:
        return None
    return today + timedelta(days=listing.prep_days)


def _apply(listing: Listing, artisan: ArtisanProfile, data: ListingInput) -> None:
    if "fa" not in data.texts or not data.texts["fa"].title.strip():
        raise ValueError("every listing has a Persian title")
    if data.cooperative is not None and not any(
        m.artisan_id == artisan.id and m.status == MembershipStatus.ACTIVE
        for m in data.cooperative.memberships
    ):
        raise NotAMember(data.cooperative.id)
    if data.price_minor <= 0 or data.stock < 0:
        raise ValueError("price must be positive and stock not negative")
    listing.category = data.category
    listing.cooperative = data.cooperative
    listing.price_minor = data.price_minor
    listing.currency = artisan.currency
    listing.made_to_order = data.made_to_order
    listing.prep_days = data.prep_days if data.made_to_order else None
    listing.length_mm, listing.width_mm = data.length_mm, data.width_mm
    listing.height_mm, listing.weight_g = data.height_mm, data.weight_g
    by_lang = {t.lang: t for t in listing.translations}
    for lang in LANGUAGES:
        text = data.texts.get(lang)
        if text is None or not text.title.strip():
            if lang in by_lang and lang != "fa":
                listing.translations.remove(by_lang[lang])
            continue
        row = by_lang.get(lang) or ListingTranslation(lang=lang)
        row.title = text.title.strip()
        row.description = sanitize_description(text.description)
        row.materials = text.materials.strip()
        if lang not in by_lang:
            listing.translations.append(row)


L = ListingStatus
# Who moves a listing where: its artisan saves, publishes and archives; its cooperative's admin
# approves or sends back; the platform takes it down, and only the platform restores it (as a
# draft). Staying where it is is always allowed. A shop not yet approved (accounts.applications)
# keeps its listings out of `FOR_SALE_OR_REVIEW`.
TRANSITIONS: dict[ListingStatus, frozenset[ListingStatus]] = {
    L.DRAFT: frozenset({L.PENDING_REVIEW, L.ACTIVE, L.ARCHIVED, L.REMOVED}),
    L.PENDING_REVIEW: frozenset({L.DRAFT, L.ACTIVE, L.ARCHIVED, L.REMOVED}),
    L.ACTIVE: frozenset({L.DRAFT, L.PENDING_REVIEW, L.ARCHIVED, L.REMOVED}),
    L.ARCHIVED: frozenset({L.DRAFT, L.PENDING_REVIEW, L.ACTIVE, L.REMOVED}),
    L.REMOVED: frozenset({L.DRAFT}),
}


FOR_SALE_OR_REVIEW = frozenset({L.ACTIVE, L.PENDING_REVIEW})


class InvalidListingMove(ListingError):
    def __init__(self, listing: Listing, to: ListingStatus) -> None:
        super().__init__(f"listing {listing.id}: {listing.status} -> {to} is not allowed")


def move(listing: Listing, to: ListingStatus) -> None:
    """The one place a listing's status changes; InvalidListingMove for a move the table
    does not allow, ShopNotApproved for publishing before the shop is approved."""
    if to != listing.status and to not in TRANSITIONS[listing.status]:
        raise InvalidListingMove(listing, to)
    if to in FOR_SALE_OR_REVIEW and to != listing.status and not listing.artisan.approved:
        raise ShopNotApproved(listing.artisan.id)
    listing.status = to


def _publish_status(listing: Listing, publish: bool, *, approved: bool) -> ListingStatus:
    """Where saving puts a listing: a draft, live, or (under a cooperative that has not
    approved it as it is) waiting for the cooperative."""
    if not publish:
        return L.DRAFT
    if listing.cooperative is not None and not approved:
        return L.PENDING_REVIEW
    return L.ACTIVE


def create_listing(
    session: Session, *, artisan: ArtisanProfile, data: ListingInput, publish: bool
) -> Listing:
    """A new listing; published at once, or sent to the cooperative for approval if under one."""
    with session.no_autoflush:  # nothing half-built reaches the database
        listing = Listing(artisan=artisan, village=artisan.village, status=L.DRAFT,
                          stock=data.stock)
        _apply(listing, artisan, data)
    move(listing, _publish_status(listing, publish, approved=False))
    session.add(listing)
    session.flush()
    return listing


def update_listing(session: Session, *, listing: Listing, data: ListingInput, publish: bool
                   ) -> Listing:
    """Apply an artisan's edit; a changed stock only if nobody changed it meanwhile
    (inventory.StockChanged otherwise, and the caller rolls the whole edit back)."""
    previous_coop = listing.cooperative_id
    _apply(listing, listing.artisan, data)
    if data.stock != data.stock_seen:
        inventory.set_stock(session, listing, to=data.stock, seen=data.stock_seen)
    # A listing moved to another cooperative is reviewed again by the new one.
    approved = listing.status == L.ACTIVE and listing.cooperative_id == previous_coop
    move(listing, _publish_status(listing, publish, approved=approved))
    session.flush()
    return listing


def create_reserved(session: Session, *, original: Listing, shopper_id: int,
                    texts: dict[str, ListingText], price_minor: int, prep_days: int) -> Listing:
    """A piece made to order for one shopper, offered in a conversation about `original`: one
    unit, in the original's category and cooperative, for sale at once and only to her. The
    cooperative approved the piece it varies (a size, a colour, a date), so it is not sent back
    for review."""
    data = ListingInput(category=original.category, cooperative=original.cooperative,
                        price_minor=price_minor, stock=1, texts=texts, made_to_order=True,
                        prep_days=prep_days)
    artisan = original.artisan
    with session.no_autoflush:
        listing = Listing(artisan=artisan, village=original.village, status=L.DRAFT, stock=1,
                          reserved_for_id=shopper_id)
        _apply(listing, artisan, data)
    move(listing, L.ACTIVE)
    session.add(listing)
    session.flush()
    return listing


def archive_listing(session: Session, *, listing: Listing) -> Listing:
    move(listing, L.ARCHIVED)
    session.flush()
    return listing


def review_listing(session: Session, *, listing: Listing, approve: bool) -> Listing:
    """A cooperative admin approves a submitted listing (it goes live) or sends it back."""
    if listing.status != L.PENDING_REVIEW:
        raise ListingError("not awaiting review")
    move(listing, L.ACTIVE if approve else L.DRAFT)
    session.flush()
    return listing


def check_room_for_image(listing: Listing) -> None:
    """TooManyImages if the listing has all the photos it may have. Asked before an upload is
    decoded (S42) and again when the photo is added."""
    if len(listing.images) >= MAX_IMAGES:
        raise TooManyImages(MAX_IMAGES)


def add_image(session: Session, *, listing: Listing, filename: str, thumbnail: str,
              thumbnail_small: str | None, width: int, height: int) -> ListingImage:
    check_room_for_image(listing)
    position = max((i.position for i in listing.images), default=-1) + 1
    image = ListingImage(filename=filename, thumbnail=thumbnail, thumbnail_small=thumbnail_small,
                         width=width, height=height, position=position)
    listing.images.append(image)
    session.flush()
    return image


def remove_image(session: Session, *, image: ListingImage) -> None:
    listing = image.listing
    listing.images.remove(image)
    session.flush()
