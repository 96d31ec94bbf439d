"""Conversations between a shopper and a seller: about one order, or a question about one
listing before buying."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.extensions import db
from marketplace.models.base import utcnow

if TYPE_CHECKING:
    from marketplace.models.accounts import ArtisanProfile, User
    from marketplace.models.catalog import Listing
    from marketplace.models.cooperatives import Cooperative
    from marketplace.models.orders import Order


class Conversation(db.Model):
    """Either about an order (one per order) or a question about a listing (one per shopper
    and listing). A cooperative admin reads it only once its artisan asks the cooperative in."""

    __table_args__ = (
        UniqueConstraint("shopper_id", "listing_id"),
        CheckConstraint("(CASE WHEN order_id IS NULL THEN 0 ELSE 1 END)"
                        " + (CASE WHEN listing_id IS NULL THEN 0 ELSE 1 END) = 1",
                        name="about_one_thing"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    shopper_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    artisan_id: Mapped[int] = mapped_column(ForeignKey("artisan_profile.id"), index=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("order.id"), unique=True)
    listing_id: Mapped[int | None] = mapped_column(ForeignKey("listing.id"), index=True)
    cooperative_id: Mapped[int | None] = mapped_column(ForeignKey("cooperative.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_message_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                      index=True)

    shopper: Mapped[User] = relationship()
    artisan: Mapped[ArtisanProfile] = relationship()
    order: Mapped[Order | None] = relationship()
    listing: Mapped[Listing | None] = relationship(foreign_keys=[listing_id])
    cooperative: Mapped[Cooperative | None] = relationship()
    messages: Mapped[list[Message]] = relationship(
        back_populates="conversation", order_by="Message.id", cascade="all, delete-orphan"
    )


class Message(db.Model):
    """Plain text, escaped when shown; an offer names the custom listing made for the shopper."""

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversation.id"), index=True)
    sender_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    body: Mapped[str] = mapped_column(Text)
    offer_listing_id: Mapped[int | None] = mapped_column(ForeignKey("listing.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    conversation: Mapped[Conversation] = relationship(back_populates="messages")
    sender: Mapped[User] = relationship()
    offer_listing: Mapped[Listing | None] = relationship()


class ConversationRead(db.Model):
    """How far one participant has read one conversation: unread is every later message
    someone else sent."""

    __tablename__ = "conversation_read"

    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversation.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True)
    last_read_id: Mapped[int] = mapped_column(default=0)
