"""What the storefront shows: read-only queries that load a page's data in a few statements."""
from __future__ import annotations

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from marketplace.models import (
    ArtisanProfile,
    Category,
    Cooperative,
    County,
    Listing,
    ListingStatus,
    MembershipStatus,
    Province,
    Village,
)
from marketplace.models.cooperatives import Membership

# Artisans are shown once their application to sell is approved (accounts.applications).
_APPROVED = ArtisanProfile.approved_at.is_not(None)


def listing_cards() -> Select[tuple[Listing]]:
    """Active listings with everything a listing card shows, in one statement. A piece reserved
    for one shopper (an offer in a conversation) is in no list.

    The collections are joined too (a card has two texts and a few photos), so results need
    `.unique()`: `session.scalars(...).unique()`; `db.paginate` does it itself.
    """
    return (
        select(Listing)
        .where(Listing.status == ListingStatus.ACTIVE, Listing.reserved_for_id.is_(None))
        .options(
            joinedload(Listing.translations),
            joinedload(Listing.images),
            joinedload(Listing.artisan),
            joinedload(Listing.village),
        )
    )


def newest_listings(session: Session, limit: int = 12) -> list[Listing]:
    query = listing_cards().order_by(Listing.created_at.desc(), Listing.id.desc()).limit(limit)
    return list(session.scalars(query).unique())


def cooperatives(session: Session) -> list[Cooperative]:
    return list(
        session.scalars(
            select(Cooperative)
            .options(selectinload(Cooperative.province))
            .order_by(Cooperative.founded_year, Cooperative.id)
        )
    )


def top_categories(session: Session) -> list[Category]:
    """The crafts a shopper can browse from the home page: the categories at the top."""
    return list(session.scalars(
        select(Category).where(Category.parent_id.is_(None))
        .order_by(Category.position, Category.id)))


def provinces_with_counts(session: Session) -> list[tuple[Province, int]]:
    """Every province and how many artisans work there, busiest first within a country."""
    artisans = (
        select(County.province_id, func.count(ArtisanProfile.id).label("n"))
        .join(Village, Village.county_id == County.id)
        .join(ArtisanProfile, ArtisanProfile.village_id == Village.id)
        .where(_APPROVED)
        .group_by(County.province_id)
        .subquery()
    )
    rows = session.execute(
        select(Province, func.coalesce(artisans.c.n, 0))
        .outerjoin(artisans, artisans.c.province_id == Province.id)
        .order_by(Province.country_code, artisans.c.n.desc().nulls_last(), Province.name_en)
    )
    return [(province, count) for province, count in rows]


def artisan_by_slug(session: Session, slug: str) -> ArtisanProfile | None:
    return session.scalar(
        select(ArtisanProfile)
        .where(ArtisanProfile.slug == slug, _APPROVED)
        .options(
            selectinload(ArtisanProfile.village).selectinload(Village.county),
            selectinload(ArtisanProfile.memberships).selectinload(Membership.cooperative),
        )
    )


def listings_of_artisan(session: Session, artisan: ArtisanProfile) -> list[Listing]:
    query = listing_cards().where(Listing.artisan_id == artisan.id).order_by(Listing.id.desc())
    return list(session.scalars(query).unique())


def active_members(session: Session, cooperative: Cooperative) -> list[ArtisanProfile]:
    return list(
        session.scalars(
            select(ArtisanProfile)
            .join(Membership, Membership.artisan_id == ArtisanProfile.id)
            .where(
                Membership.cooperative_id == cooperative.id,
                Membership.status == MembershipStatus.ACTIVE,
                _APPROVED,
            )
            .options(selectinload(ArtisanProfile.village))
            .order_by(ArtisanProfile.display_name_en)
        )
    )


def cooperative_listings(cooperative: Cooperative) -> Select[tuple[Listing]]:
    return listing_cards().where(Listing.cooperative_id == cooperative.id).order_by(
        Listing.created_at.desc(), Listing.id.desc()
    )


def village_ids_in(*, province: Province | None = None, county: County | None = None):
    query = select(Village.id)
    if county is not None:
        return query.where(Village.county_id == county.id)
    return query.join(County).where(County.province_id == province.id)


def region_listings(village_ids) -> Select[tuple[Listing]]:
    return listing_cards().where(Listing.village_id.in_(village_ids)).order_by(
        Listing.created_at.desc(), Listing.id.desc()
    )


def artisans_in(session: Session, village_ids) -> list[ArtisanProfile]:
    return list(
        session.scalars(
            select(ArtisanProfile)
            .where(ArtisanProfile.village_id.in_(village_ids), _APPROVED)
            .options(selectinload(ArtisanProfile.village))
            .order_by(ArtisanProfile.display_name_en)
        )
    )


def cooperatives_in(session: Session, province: Province) -> list[Cooperative]:
    return list(
        session.scalars(select(Cooperative).where(Cooperative.province_id == province.id))
    )


def listing_page(session: Session, listing_id: int, *, viewer_id: int | None = None
                 ) -> Listing | None:
    """One statement: the listing, its texts, photos and every name it shows (the category
    with its parent for the breadcrumb, the village up to its province). A reserved piece
    exists only for the shopper it was made for and its artisan (`viewer_id`)."""
    visible = Listing.reserved_for_id.is_(None)
    if viewer_id is not None:
        visible = or_(visible, Listing.reserved_for_id == viewer_id,
                      Listing.artisan_id.in_(select(ArtisanProfile.id)
                                             .where(ArtisanProfile.user_id == viewer_id)))
    return session.scalars(
        select(Listing)
        .where(Listing.id == listing_id, Listing.status == ListingStatus.ACTIVE, visible)
        .options(
            joinedload(Listing.translations),
            joinedload(Listing.images),
            joinedload(Listing.artisan),
            joinedload(Listing.cooperative),
            joinedload(Listing.category).joinedload(Category.parent),
            joinedload(Listing.village).joinedload(Village.county).joinedload(County.province),
        )
    ).unique().one_or_none()


def more_from_artisan(session: Session, listing: Listing, limit: int = 4) -> list[Listing]:
    query = (
        listing_cards()
        .where(Listing.artisan_id == listing.artisan_id, Listing.id != listing.id)
        .order_by(Listing.created_at.desc())
        .limit(limit)
    )
    return list(session.scalars(query).unique())
