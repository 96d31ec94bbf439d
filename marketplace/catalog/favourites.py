"""Favourites: the pieces a shopper keeps a heart on. Pressing twice (two tabs, a double click)
keeps one heart; only a piece for sale can be given one, and a heart stays when it sells out."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from marketplace.catalog import showcase
from marketplace.core.errors import DomainError
from marketplace.models import Favourite, Listing, ListingStatus


class NotForSale(DomainError):
    """No active listing has that id."""


def add(session: Session, *, user_id: int, listing_id: int) -> None:
    listing = session.get(Listing, listing_id)
    if listing is None or listing.status != ListingStatus.ACTIVE:
        raise NotForSale(listing_id)
    dialect = postgresql if session.connection().dialect.name == "postgresql" else sqlite
    session.execute(
        dialect.insert(Favourite).values(user_id=user_id, listing_id=listing_id)
        .on_conflict_do_nothing(index_elements=[Favourite.user_id, Favourite.listing_id])
    )


def remove(session: Session, *, user_id: int, listing_id: int) -> None:
    session.execute(delete(Favourite).where(Favourite.user_id == user_id,
                                            Favourite.listing_id == listing_id))


def ids_of(session: Session, user_id: int, among: Iterable[int] | None = None) -> set[int]:
    """Which listings (of `among`, or all) the user keeps a heart on."""
    query = select(Favourite.listing_id).where(Favourite.user_id == user_id)
    if among is not None:
        query = query.where(Favourite.listing_id.in_(list(among)))
    return set(session.scalars(query))


def listings_of(session: Session, user_id: int) -> list[Listing]:
    """The user's favourites still on sale, most recently hearted first, as cards."""
    query = (showcase.listing_cards()
             .join(Favourite, Favourite.listing_id == Listing.id)
             .where(Favourite.user_id == user_id)
             .order_by(Favourite.created_at.desc(), Listing.id.desc()))
    return list(session.scalars(query).unique())
