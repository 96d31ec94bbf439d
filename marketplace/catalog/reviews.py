"""Reviews: what buyers say about the pieces they received, and their sellers' one reply (S44).

- Only the buyer of a delivered order line reviews it, once, within `ReviewPolicy.window` of
  the delivery: 1–5 stars, words in the buyer's own language, up to MAX_PHOTOS photos (stored
  by `core.images` like a listing's, before this module is called).
- The listing's artisan replies once, publicly. Nobody edits a review or a reply afterwards:
  there is no service that would.
- A listing keeps the count and the sum of the stars of its published reviews
  (`Listing.rating_count`, `rating_total`), changed in the transaction of every review and
  take-down, so cards and search never count reviews themselves; the listing is named to the
  search outbox in the same transaction, so the index learns the new stars.
- Platform admins take reviews down and restore them (`moderation.py`); `TRANSITIONS` says how.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from marketplace.core.decisions import serialise
from marketplace.core.errors import DomainError
from marketplace.core.images import StoredImage
from marketplace.core.ratings import MAX_STARS, MIN_STARS, average_rating
from marketplace.models import (
    ArtisanProfile,
    Cooperative,
    Listing,
    Order,
    OrderEvent,
    OrderLine,
    OrderStatus,
    Review,
    ReviewPhoto,
    ReviewStatus,
    User,
)
from marketplace.models.base import utcnow
from marketplace.search import outbox

MAX_PHOTOS = 3
MAX_WORDS_CHARS = 2000  # a review's text and a reply's each
LANGUAGES = ("fa", "en")

S = ReviewStatus
TRANSITIONS: dict[ReviewStatus, frozenset[ReviewStatus]] = {
    S.PUBLISHED: frozenset({S.REMOVED}),  # a platform admin takes it down
    S.REMOVED: frozenset({S.PUBLISHED}),  # and may bring it back
}


class ReviewError(DomainError):
    pass


class NotYourLine(ReviewError):
    """Someone other than its buyer: the view answers 404."""


class NotDelivered(ReviewError):
    pass


class AlreadyReviewed(ReviewError):
    pass


class WindowClosed(ReviewError):
    pass


class InvalidReview(ReviewError):
    """Stars outside 1–5, too many photos, or words too long: the form prevents it."""


class AlreadyReplied(ReviewError):
    pass


class InvalidMove(ReviewError):
    """A take-down of a review already down, or a restore of one that is up."""


@dataclass(frozen=True)
class ReviewPolicy:
    window: timedelta  # how long after delivery a buyer may review

    @classmethod
    def from_config(cls, config: Mapping[str, object]) -> ReviewPolicy:
        return cls(window=timedelta(days=float(config["REVIEW_WINDOW_DAYS"])))


def written_in(text: str, fallback: str) -> str:
    """"fa" or "en": the script most of the letters are in, or `fallback` for no letters."""
    persian = sum(1 for c in text
                  if c.isalpha() and ("\u0600" <= c <= "\u06ff" or "\ufb50" <= c <= "\ufeff"))
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    if not persian and not latin:
        return fallback if fallback in LANGUAGES else "fa"
    return "fa" if persian >= latin else "en"


def _words(text: str | None) -> str:
    words = (text or "").strip()
    if len(words) > MAX_WORDS_CHARS:
        raise InvalidReview("too long")
    return words


def delivered_at(session: Session, order: Order) -> datetime | None:
    """When the order became delivered (its history says), or None if it is not."""
    if order.status != OrderStatus.DELIVERED:
        return None
    return session.scalar(
        select(func.max(OrderEvent.created_at))
        .where(OrderEvent.order_id == order.id, OrderEvent.to_status == OrderStatus.DELIVERED)
    )


def _aware(moment: datetime) -> datetime:
    """SQLite hands timezone-aware columns back naive; they were written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)


def open_until(session: Session, order: Order, policy: ReviewPolicy) -> datetime | None:
    """The last moment its lines can be reviewed, or None while the order is not delivered."""
    at = delivered_at(session, order)
    return _aware(at) + policy.window if at is not None else None


def check_reviewable(session: Session, *, line: OrderLine, author: User, policy: ReviewPolicy,
                     now: datetime | None = None) -> None:
    """Raise why `author` may not review `line` now, if they may not (S44)."""
    order = line.order
    if order.buyer_id != author.id:
        raise NotYourLine(line.id)
    if order.status != OrderStatus.DELIVERED:
        raise NotDelivered(line.id)
    if session.scalar(select(Review.id).where(Review.order_line_id == line.id)) is not None:
        raise AlreadyReviewed(line.id)
    until = open_until(session, order, policy)
    if until is None or _aware(now or utcnow()) > until:
        raise WindowClosed(line.id)


def write(session: Session, *, line: OrderLine, author: User, rating: int, body: str,
          photos: Sequence[StoredImage] = (), policy: ReviewPolicy, lang: str = "fa",
          now: datetime | None = None) -> Review:
    """The buyer's review of one delivered line, counted in its listing's rating at once.

    `lang` is the buyer's language, used when the words have no letters to tell by. Raises a
    ReviewError; ten tabs posting at once make one review (the buyer's decisions are
    serialised, and the line's unique review backs it).
    """
    if not MIN_STARS <= rating <= MAX_STARS or len(photos) > MAX_PHOTOS:
        raise InvalidReview(line.id)
    words = _words(body)
    serialise(session, author)
    check_reviewable(session, line=line, author=author, policy=policy, now=now)
    review = Review(order_line_id=line.id, listing_id=line.listing_id,
                    artisan_id=line.artisan_id, author_id=author.id, rating=rating, body=words,
                    lang=written_in(words, lang),
                    photos=[ReviewPhoto(filename=p.filename, thumbnail=p.thumbnail,
                                        thumbnail_small=p.thumbnail_small, width=p.width,
                                        height=p.height, position=i)
                            for i, p in enumerate(photos)])
    session.add(review)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:
        raise AlreadyReviewed(line.id) from exc
    _count(session, review.listing_id, review.rating, +1)
    session.flush()
    return review


def reply(session: Session, *, review: Review, body: str, lang: str = "fa") -> Review:
    """The seller's one public answer. The caller checks it is the seller
    (`permissions.can_reply_to_review`); a second reply, however sent, is refused."""
    words = _words(body)
    if not words:
        raise InvalidReview(review.id)
    written = session.execute(
        update(Review)
        .where(Review.id == review.id, Review.reply_body.is_(None))
        .values(reply_body=words, reply_lang=written_in(words, lang), replied_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    session.refresh(review, ["reply_body", "reply_lang", "replied_at"])
    if written != 1:
        raise AlreadyReplied(review.id)
    return review


def move(session: Session, *, review: Review, to: ReviewStatus, reason: str = "") -> Review:
    """Take a review down or bring it back, and take its stars out of (or back into) its
    listing's rating, once however many admins press at once."""
    current = review.status
    if to not in TRANSITIONS[current]:
        raise InvalidMove(review.id)
    moved = session.execute(
        update(Review)
        .where(Review.id == review.id, Review.status == current)
        .values(status=to, removal_reason=reason.strip()[:300] if to == S.REMOVED else "",
                updated_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    session.refresh(review, ["status", "removal_reason"])
    if moved != 1:
        raise InvalidMove(review.id)
    _count(session, review.listing_id, review.rating, +1 if to == S.PUBLISHED else -1)
    session.flush()
    return review


def _count(session: Session, listing_id: int, rating: int, sign: int) -> None:
    """Add (or take away) one review's stars in one `UPDATE … SET n = n + 1`, so reviews of
    the same listing written at once all count.

    The search outbox's flush hook does not see such an UPDATE (the ORM keeps no history of an
    attribute set to a SQL expression), so the listing is named to the outbox here, as
    `commerce.inventory` does for stock."""
    session.execute(
        update(Listing).where(Listing.id == listing_id)
        .values(rating_count=Listing.rating_count + sign,
                rating_total=Listing.rating_total + sign * rating)
    )
    outbox.enqueue(session, [listing_id])


# What pages show --------------------------------------------------------------------------------


def for_listing(session: Session, listing: Listing, limit: int = 30) -> list[Review]:
    """Its published reviews, newest first, with their photos and authors: one statement, and
    none at all for a listing nobody has reviewed."""
    if not listing.rating_count:
        return []
    return list(session.scalars(
        select(Review)
        .where(Review.listing_id == listing.id, Review.status == S.PUBLISHED)
        .options(joinedload(Review.photos), joinedload(Review.author))
        .order_by(Review.created_at.desc(), Review.id.desc())
        .limit(limit)
    ).unique())


def of_artisan(session: Session, artisan: ArtisanProfile, *, limit: int = 100,
               published_only: bool = True) -> list[Review]:
    """Reviews of an artisan's pieces, newest first, with what the studio and storefront show
    (one statement)."""
    query = (select(Review).where(Review.artisan_id == artisan.id)
             .options(joinedload(Review.photos), joinedload(Review.author),
                      joinedload(Review.listing).joinedload(Listing.translations))
             .order_by(Review.created_at.desc(), Review.id.desc()).limit(limit))
    if published_only:
        query = query.where(Review.status == S.PUBLISHED)
    return list(session.scalars(query).unique())


def for_lines(session: Session, lines: Sequence[OrderLine]) -> dict[int, Review]:
    """The reviews written of these order lines, by line id."""
    ids = [line.id for line in lines]
    if not ids:
        return {}
    return {r.order_line_id: r for r in session.scalars(
        select(Review).where(Review.order_line_id.in_(ids)))}


@dataclass(frozen=True)
class OrderReviews:
    """What an order's page says about reviewing it: each line's review, and until when the
    lines not yet reviewed can be (None: not delivered, or the time has passed)."""

    by_line: dict[int, Review]
    open_until: datetime | None


def order_reviews(session: Session, order: Order, policy: ReviewPolicy,
                  now: datetime | None = None) -> OrderReviews:
    until = open_until(session, order, policy)
    if until is not None and _aware(now or utcnow()) > until:
        until = None
    return OrderReviews(for_lines(session, order.lines), until)


@dataclass(frozen=True)
class ShopRating:
    average: Decimal | None
    count: int


def shop_rating(session: Session, shop: ArtisanProfile | Cooperative) -> ShopRating:
    """A storefront's stars: every published review of the pieces it sells, from the counts its
    listings keep (one statement, however many listings)."""
    column = Listing.artisan_id if isinstance(shop, ArtisanProfile) else Listing.cooperative_id
    count, total = session.execute(
        select(func.coalesce(func.sum(Listing.rating_count), 0),
               func.coalesce(func.sum(Listing.rating_total), 0))
        .where(column == shop.id)
    ).one()
    return ShopRating(average_rating(int(total), int(count)), int(count))
