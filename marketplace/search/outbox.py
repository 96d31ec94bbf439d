"""Writing to the search outbox: the only way a change reaches the index (DESIGN.md)."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from marketplace.models import SearchOutbox


def enqueue(session: Session, listing_ids: Iterable[int]) -> None:
    """Record that these listings changed, inside the caller's transaction."""
    session.add_all(SearchOutbox(listing_id=listing_id) for listing_id in set(listing_ids))
