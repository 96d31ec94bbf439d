"""The rules of reviews (catalog/reviews.py) and how stars are rounded and weighed."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from marketplace.catalog import moderation, reviews
from marketplace.core.ratings import average_rating, whole_stars
from marketplace.extensions import db
from marketplace.models import Listing, Review, ReviewStatus, SearchOutbox
from marketplace.search.snapshot import rating_weight
from tests import factories
from tests.race import call_at_once

POLICY = reviews.ReviewPolicy(window=timedelta(days=90))


@pytest.mark.parametrize(("text", "fallback", "lang"), [
    ("رنگ‌ها زیباست", "en", "fa"),
    ("Lovely colours", "fa", "en"),
    ("Lovely! رنگ‌های بسیار زیبا و دست‌باف", "en", "fa"),  # mostly Persian
    ("۵/۵ !!!", "en", "en"),  # no letters: the writer's language
    ("", "fa", "fa"),
    ("", "zz", "fa"),
])
def test_a_reviews_language_is_the_script_most_of_its_letters_are_in(text, fallback, lang):
    assert reviews.written_in(text, fallback) == lang


def test_averages_round_half_up_to_one_decimal_and_stars_to_whole_ones():
    assert average_rating(0, 0) is None
    assert average_rating(14, 3) == Decimal("4.7")  # 4.666…
    assert average_rating(9, 2) == Decimal("4.5")
    assert average_rating(93, 20) == Decimal("4.7")  # 4.65
    assert [whole_stars(Decimal(v)) for v in ("4.4", "4.5", "1.0", "5")] == [4, 5, 1, 5]


def test_stars_move_relevance_by_a_tenth_at_most():
    assert rating_weight(0, 0) == 1.0
    assert 1.0 < rating_weight(50, 1) < rating_weight(50, 30) < 1.1
    assert 0.9 < rating_weight(10, 30) < rating_weight(10, 1) < 1.0
    assert rating_weight(30, 12) == 1.0


@pytest.fixture
def line(shop):
    return factories.order(db.session, shop.shopper, shop.catalog.kilim).lines[0]


def test_a_review_and_its_take_down_reach_the_search_outbox_in_their_transaction(app, shop,
                                                                                 line):
    """S31: the listing's new stars are named to the outbox with the review, uncommitted."""
    app.config["SEARCH_DRAIN_AFTER_COMMIT"] = False
    db.session.execute(SearchOutbox.__table__.delete())
    review = reviews.write(db.session, line=line, author=shop.shopper, rating=3, body="ok",
                           policy=POLICY)
    assert db.session.scalars(select(SearchOutbox.listing_id)).all() == [line.listing_id]
    kilim = db.session.get(Listing, line.listing_id)
    assert (kilim.rating_count, kilim.rating_total) == (1, 3)
    db.session.rollback()
    assert db.session.scalars(select(SearchOutbox.listing_id)).all() == []
    assert db.session.get(Listing, line.listing_id).rating_count == 0

    review = reviews.write(db.session, line=line, author=shop.shopper, rating=3, body="ok",
                           policy=POLICY)
    db.session.commit()
    db.session.execute(SearchOutbox.__table__.delete())
    moderation.take_down_review(db.session, review=review, reason="spam")
    assert db.session.scalars(select(SearchOutbox.listing_id)).all() == [line.listing_id]
    assert db.session.get(Listing, line.listing_id).rating_count == 0


def test_a_review_moves_only_along_its_table(app, shop, line):
    review = reviews.write(db.session, line=line, author=shop.shopper, rating=4, body="",
                           policy=POLICY)
    with pytest.raises(reviews.InvalidMove):
        moderation.restore_review(db.session, review=review)
    moderation.take_down_review(db.session, review=review, reason="x")
    with pytest.raises(reviews.InvalidMove):
        moderation.take_down_review(db.session, review=review, reason="again")
    moderation.restore_review(db.session, review=review)
    assert review.status == ReviewStatus.PUBLISHED and review.removal_reason == ""
    assert db.session.get(Listing, line.listing_id).rating_total == 4


@pytest.mark.parametrize("rating", [0, 6, -1])
def test_stars_are_one_to_five(app, shop, line, rating):
    with pytest.raises(reviews.InvalidReview):
        reviews.write(db.session, line=line, author=shop.shopper, rating=rating, body="",
                      policy=POLICY)


def test_words_are_capped_and_an_answer_needs_some(app, shop, line):
    with pytest.raises(reviews.InvalidReview):
        reviews.write(db.session, line=line, author=shop.shopper, rating=4,
                      body="x" * (reviews.MAX_WORDS_CHARS + 1), policy=POLICY)
    review = reviews.write(db.session, line=line, author=shop.shopper, rating=4, body=" ok ",
                           policy=POLICY)
    assert review.body == "ok"
    with pytest.raises(reviews.InvalidReview):
        reviews.reply(db.session, review=review, body="   ")
    assert review.reply_body is None


def take_down_the_two_star_review(index: int) -> None:
    review = db.session.scalar(select(Review).where(Review.rating == 2))
    moderation.take_down_review(db.session, review=review, reason=f"admin {index}")


@pytest.mark.shared_database
def test_ten_admins_taking_a_review_down_at_once_take_its_stars_out_once(app, shop, line):
    """A take-down is one conditional UPDATE: the listing's count never goes below the truth
    (a CHECK constraint backs it)."""
    other = factories.order(db.session, shop.other_shopper, shop.catalog.kilim).lines[0]
    reviews.write(db.session, line=other, author=shop.other_shopper, rating=5, body="",
                  policy=POLICY)
    reviews.write(db.session, line=line, author=shop.shopper, rating=2, body="", policy=POLICY)
    db.session.commit()
    outcomes = call_at_once(app, take_down_the_two_star_review)
    assert sorted(outcomes) == ["InvalidMove"] * 9 + ["ok"], outcomes
    db.session.expire_all()
    kilim = db.session.get(Listing, line.listing_id)
    assert (kilim.rating_count, kilim.rating_total) == (1, 5)
