"""The transactional outbox the search index follows, and where each node is in it
(docs/architecture.md, "Search index" and "Scale path")."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.extensions import db
from marketplace.models.base import utcnow


class SearchOutbox(db.Model):
    """One row per listing change, written in the change's own transaction.

    No foreign key: a row must outlive the listing it names so that deletes reach the index.
    AUTOINCREMENT on SQLite: without it a table pruned empty hands out id 1 again, below every
    node's cursor (PostgreSQL's sequence never goes back).
    """

    __tablename__ = "search_outbox"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SearchNode(db.Model):
    """An app node's own index and how far it has followed the outbox (search/cursor.py).

    `position` is the highest outbox id the node has applied; `gaps` (JSON) the ranges of lower
    ids it has not seen yet because their transactions had not committed. Outbox rows are
    pruned only below the lowest id some registered node may still need.
    """

    __tablename__ = "search_node"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    position: Mapped[int] = mapped_column(default=0)
    gaps: Mapped[str] = mapped_column(Text, default="[]")
    registered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    heartbeat_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
