"""The transactional outbox the search index follows (docs/architecture.md, "Search index")."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.extensions import db
from marketplace.models.base import utcnow


class SearchOutbox(db.Model):
    """One row per listing change, written in the change's own transaction.

    No foreign key: a row must outlive the listing it names so that deletes reach the index.
    """

    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
