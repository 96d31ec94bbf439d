"""Messages between a shopper and a seller: one conversation per order, and a question about a
listing before buying, in which the seller may offer a piece made for that shopper.

Who takes part (`permissions.can_read_conversation`, and `_visible_to` for lists): the shopper,
the artisan, and the admins of a cooperative the artisan asked into an order's conversation.
Messages are plain text, shown escaped; their links become clickable only once the two have
an order that was paid (`links_allowed`), so a stranger's first message cannot lure anyone
to a look-alike payment page. Each new message emails the other participants through the
outbox, once per run of unread messages, without its text (mail clients make links live).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from marketplace.catalog import listings
from marketplace.core.errors import DomainError
from marketplace.mail import outbox
from marketplace.mail.outbox import language_of
from marketplace.models import (
    Conversation,
    ConversationRead,
    Cooperative,
    Listing,
    ListingStatus,
    MembershipStatus,
    Message,
    Order,
    OrderStatus,
    User,
)
from marketplace.models.base import utcnow

MAX_BODY = 4000
# An order in one of these states means the two have done business: links become clickable.
_PAID = (OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED)


class MessageError(DomainError):
    pass


class EmptyMessage(MessageError):
    pass


class CannotAsk(MessageError):
    """Not a listing one can ask about: not for sale, reserved for someone, or her own."""


class NotAQuestion(MessageError):
    """Offers are made in a question about a listing, not in an order's conversation."""


class NotAnOrder(MessageError):
    """A cooperative is asked into an order's conversation only."""


class NotHerCooperative(MessageError):
    pass


def participants(conversation: Conversation) -> list[User]:
    people = [conversation.shopper, conversation.artisan.user]
    if conversation.cooperative is not None:
        people += [a for a in conversation.cooperative.admins if a not in people]
    return people


def _visible_to(user: User):
    """SQL for the conversations `user` takes part in (the rule of
    `permissions.can_read_conversation`)."""
    clauses = [Conversation.shopper_id == user.id]
    if user.artisan_profile is not None:
        clauses.append(Conversation.artisan_id == user.artisan_profile.id)
    coop_ids = [c.id for c in user.administered_cooperatives]
    if coop_ids:
        clauses.append(and_(Conversation.order_id.is_not(None),
                            Conversation.cooperative_id.in_(coop_ids)))
    return or_(*clauses)


def _clean(body: str) -> str:
    text = (body or "").replace("\r\n", "\n").strip()
    if not text:
        raise EmptyMessage()
    if len(text) > MAX_BODY:
        raise ValueError("message too long")
    return text


# Starting conversations ------------------------------------------------------------------------


def question_about(session: Session, *, shopper: User, listing: Listing) -> Conversation | None:
    return session.scalar(select(Conversation).where(Conversation.shopper_id == shopper.id,
                                                     Conversation.listing_id == listing.id))


def check_can_ask(shopper: User, listing: Listing) -> None:
    if listing.status != ListingStatus.ACTIVE or listing.reserved_for_id is not None \
            or listing.artisan.user_id == shopper.id:
        raise CannotAsk(listing.id)


def ask(session: Session, *, shopper: User, listing: Listing, body: str) -> Message:
    """A shopper's question about a listing (size, colour, when it could be ready): her one
    conversation about it, started if need be, and the message in it."""
    check_can_ask(shopper, listing)
    text = _clean(body)
    conversation = question_about(session, shopper=shopper, listing=listing) or _start(
        session, Conversation(shopper_id=shopper.id, artisan_id=listing.artisan_id,
                              listing_id=listing.id),
        lambda: question_about(session, shopper=shopper, listing=listing))
    return post(session, conversation=conversation, sender=shopper, body=text)


def about_order(session: Session, order: Order) -> Conversation | None:
    return session.scalar(select(Conversation).where(Conversation.order_id == order.id))


def write_about_order(session: Session, *, order: Order, sender: User, body: str) -> Message:
    """A message in the order's conversation (the buyer and the seller; the caller checked
    that `sender` is one of them), started if need be."""
    text = _clean(body)
    conversation = about_order(session, order) or _start(
        session, Conversation(shopper_id=order.buyer_id, artisan_id=order.artisan_id,
                              order_id=order.id),
        lambda: about_order(session, order))
    return post(session, conversation=conversation, sender=sender, body=text)


def _start(session: Session, conversation: Conversation, existing) -> Conversation:
    """Insert a conversation; if another request just made the same one (the unique keys on
    shopper and listing, or order), use that one."""
    try:
        with session.begin_nested():
            session.add(conversation)
    except IntegrityError:
        found = existing()
        if found is None:
            raise
        return found
    return conversation


# Writing and reading ---------------------------------------------------------------------------


def post(session: Session, *, conversation: Conversation, sender: User, body: str,
         offer_listing: Listing | None = None) -> Message:
    """Add a message (the caller checked that `sender` takes part) and tell the others."""
    message = Message(conversation=conversation, sender_id=sender.id, body=_clean(body),
                      offer_listing=offer_listing)
    session.add(message)
    conversation.last_message_at = utcnow()
    session.flush()
    for person in participants(conversation):
        if person.id == sender.id:
            mark_read(session, conversation=conversation, user=sender)
        elif _unread_in(session, conversation, person, before=message.id) == 0:
            _notify(session, conversation, person, sender)
    session.flush()
    return message


def mark_read(session: Session, *, conversation: Conversation, user: User) -> None:
    last = session.scalar(select(func.max(Message.id))
                          .where(Message.conversation_id == conversation.id)) or 0
    read = session.get(ConversationRead, (conversation.id, user.id))
    if read is None:
        session.add(ConversationRead(conversation_id=conversation.id, user_id=user.id,
                                     last_read_id=last))
    elif read.last_read_id < last:
        read.last_read_id = last
    session.flush()


def _unread_in(session: Session, conversation: Conversation, user: User, *,
               before: int | None = None) -> int:
    read = session.get(ConversationRead, (conversation.id, user.id))
    query = select(func.count(Message.id)).where(
        Message.conversation_id == conversation.id, Message.sender_id != user.id,
        Message.id > (read.last_read_id if read else 0))
    if before is not None:
        query = query.where(Message.id < before)
    return session.scalar(query) or 0


def _notify(session: Session, conversation: Conversation, recipient: User, sender: User) -> None:
    lang = language_of(recipient.locale)
    with force_locale(lang):
        outbox.enqueue(
            session, to=recipient.email,
            subject=_("New message from %(name)s on Bazaar", name=sender.display_name),
            body=_("%(name)s wrote to you about %(subject)s. Read and answer it on Bazaar:\n\n"
                   "%(link)s", name=sender.display_name, subject=subject_of(conversation, lang),
                   link=url_for("messages.thread", conversation_id=conversation.id,
                                _external=True)),
        )


def subject_of(conversation: Conversation, lang: str) -> str:
    if conversation.order_id is not None:
        return _("order %(id)s", id=conversation.order_id)
    return conversation.listing.text(lang).title


@dataclass(frozen=True)
class InboxRow:
    conversation: Conversation
    unread: int


def inbox(session: Session, user: User) -> list[InboxRow]:
    """Every conversation `user` takes part in, the latest first, with its unread count."""
    conversations = session.scalars(
        select(Conversation).where(_visible_to(user))
        .options(joinedload(Conversation.shopper), joinedload(Conversation.artisan),
                 joinedload(Conversation.listing).joinedload(Listing.translations))
        .order_by(Conversation.last_message_at.desc(), Conversation.id.desc())
    ).unique().all()
    unread = dict(session.execute(
        _unread(user, Message.conversation_id, func.count(Message.id))
        .group_by(Message.conversation_id)).all()) if conversations else {}
    return [InboxRow(c, unread.get(c.id, 0)) for c in conversations]


def _unread(user: User, *columns):
    return (select(*columns).select_from(Message)
            .join(Conversation, Conversation.id == Message.conversation_id)
            .outerjoin(ConversationRead, and_(ConversationRead.conversation_id == Conversation.id,
                                              ConversationRead.user_id == user.id))
            .where(_visible_to(user), Message.sender_id != user.id,
                   Message.id > func.coalesce(ConversationRead.last_read_id, 0)))


def unread_count(session: Session, user: User) -> int:
    """Messages others sent `user` that she has not opened yet, in all her conversations."""
    return session.scalar(_unread(user, func.count(Message.id))) or 0


def links_allowed(session: Session, conversation: Conversation) -> bool:
    """Whether links in this conversation are made clickable: the shopper has a paid order
    from this artisan."""
    return bool(session.scalar(select(exists().where(
        Order.buyer_id == conversation.shopper_id, Order.artisan_id == conversation.artisan_id,
        Order.status.in_(_PAID)))))


# Offers and cooperatives -----------------------------------------------------------------------


def make_offer(session: Session, *, conversation: Conversation, by: User,
               texts: dict[str, listings.ListingText], price_minor: int, prep_days: int,
               note: str) -> Message:
    """The artisan turns the question into a piece made for this shopper: a listing only she
    can see and buy (listings.create_reserved), announced in the conversation."""
    if conversation.listing is None:
        raise NotAQuestion(conversation.id)
    offered = listings.create_reserved(session, original=conversation.listing,
                                       shopper_id=conversation.shopper_id, texts=texts,
                                       price_minor=price_minor, prep_days=prep_days)
    return post(session, conversation=conversation, sender=by, body=note or texts["fa"].title,
                offer_listing=offered)


def cooperatives_to_ask(conversation: Conversation) -> list[Cooperative]:
    """The cooperatives the artisan may ask into this order's conversation: her own."""
    if conversation.order_id is None or conversation.cooperative_id is not None:
        return []
    return [m.cooperative for m in conversation.artisan.memberships
            if m.status == MembershipStatus.ACTIVE]


def ask_cooperative_in(session: Session, *, conversation: Conversation,
                       cooperative: Cooperative) -> Conversation:
    """The artisan asks her cooperative's admins into an order's conversation (a dispute, a
    shipment to arrange); until then they cannot see it."""
    if conversation.order_id is None:
        raise NotAnOrder(conversation.id)
    if cooperative not in cooperatives_to_ask(conversation):
        raise NotHerCooperative(cooperative.id)
    conversation.cooperative = cooperative
    session.flush()
    return conversation
