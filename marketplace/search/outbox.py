"""The search outbox's one writer: the only way a change reaches the index (docs/architecture.md).

A row names a listing whose searchable content changed; it is written in the same transaction
as the change, so a crash between commit and indexing loses nothing. ORM changes are found by
the flush hook in `indexer`; code that changes listings with Core `UPDATE`s (stock, in
`commerce.inventory`) names them with `enqueue`. Both end here.
"""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from marketplace.models import SearchOutbox

PENDING = "search_outbox_pending"  # session.info flag: rows were written, drain after commit


def write(session: Session, listing_ids: Iterable[int | None]) -> None:
    ids = sorted({i for i in listing_ids if i is not None})
    if ids:
        session.connection().execute(SearchOutbox.__table__.insert(),
                                     [{"listing_id": i} for i in ids])
        session.info[PENDING] = True


def enqueue(session: Session, listing_ids: Iterable[int]) -> None:
    """These listings changed outside the ORM (a Core UPDATE), inside the caller's transaction."""
    write(session, listing_ids)
