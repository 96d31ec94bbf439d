"""Following shops: a shopper follows an artisan's or a cooperative's storefront, sees what they
list next on the home page, and gets it in the weekly digest (`digest.py`)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from marketplace.catalog import showcase
from marketplace.models import ArtisanProfile, Cooperative, DigestState, Follow, Listing

Shop = ArtisanProfile | Cooperative


def _insert(session: Session):
    return (postgresql if session.connection().dialect.name == "postgresql" else sqlite).insert


def _owner(shop: Shop) -> dict[str, int]:
    if isinstance(shop, ArtisanProfile):
        return {"artisan_id": shop.id}
    return {"cooperative_id": shop.id}


def follow(session: Session, *, user_id: int, shop: Shop) -> None:
    """Follow `shop` (again: nothing changes), and start the follower's weekly digest."""
    insert = _insert(session)
    column = "artisan_id" if isinstance(shop, ArtisanProfile) else "cooperative_id"
    session.execute(insert(Follow).values(user_id=user_id, **_owner(shop))
                    .on_conflict_do_nothing(index_elements=["user_id", column]))
    session.execute(insert(DigestState).values(user_id=user_id)
                    .on_conflict_do_nothing(index_elements=["user_id"]))


def unfollow(session: Session, *, user_id: int, shop: Shop) -> None:
    owner = Follow.artisan_id if isinstance(shop, ArtisanProfile) else Follow.cooperative_id
    session.execute(delete(Follow).where(Follow.user_id == user_id, owner == shop.id))


def is_following(session: Session, *, user_id: int, shop: Shop) -> bool:
    owner = Follow.artisan_id if isinstance(shop, ArtisanProfile) else Follow.cooperative_id
    return session.scalar(
        select(Follow.id).where(Follow.user_id == user_id, owner == shop.id)
    ) is not None


def _followed_listings(user_id: int):
    followed = select(Follow.artisan_id, Follow.cooperative_id).where(Follow.user_id == user_id)
    shops = followed.subquery()
    return or_(
        Listing.artisan_id.in_(select(shops.c.artisan_id).where(shops.c.artisan_id.is_not(None))),
        Listing.cooperative_id.in_(
            select(shops.c.cooperative_id).where(shops.c.cooperative_id.is_not(None))),
    )


def new_from_followed(session: Session, *, user_id: int, since: datetime | None = None,
                      until: datetime | None = None, limit: int = 8) -> list[Listing]:
    """The newest pieces on sale from the shops the user follows (listed after `since` and up
    to `until`, when given), as cards."""
    conditions = [_followed_listings(user_id)]
    if since is not None:
        conditions.append(Listing.created_at > since)
    if until is not None:
        conditions.append(Listing.created_at <= until)
    query = (showcase.listing_cards().where(and_(*conditions))
             .order_by(Listing.created_at.desc(), Listing.id.desc()).limit(limit))
    return list(session.scalars(query).unique())


def followed_shops(session: Session, *, user_id: int) -> list[Follow]:
    return list(session.scalars(
        select(Follow).where(Follow.user_id == user_id).order_by(Follow.created_at.desc())
    ))
