"""Reviews: a buyer of a delivered piece reviews it once, with photos; its artisan answers once;
stars reach cards, storefronts, search, the API and search engines (S44)."""
from __future__ import annotations

import json
import os
import re
from datetime import timedelta
from io import BytesIO

import pytest
from PIL import Image
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import (
    OrderStatus,
    Review,
    ReviewPhoto,
    ReviewStatus,
)
from marketplace.models.base import utcnow
from tests import factories
from tests.conftest import csrf_token, login, set_language
from tests.race import post_at_once

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def photo(colour: str = "#a4362b", fmt: str = "JPEG", name: str = "kilim.jpg"):
    data = BytesIO()
    Image.new("RGB", (64, 48), colour).save(data, fmt)
    data.seek(0)
    return data, name


def post(client, path: str, data: dict, **kwargs):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, "/")}, **kwargs)


def review_form(line_id: int, client, **fields):
    data = {"rating": "5", "body": "Beautiful colours, arrived well packed.", **fields}
    return post(client, f"/reviews/new/{line_id}", data, content_type="multipart/form-data")


def reviews_of(listing) -> list[Review]:
    db.session.expire_all()
    return list(db.session.scalars(select(Review).where(Review.listing_id == listing.id)))


@pytest.fixture
def delivered(shop):
    """Leila's delivered order of the weaver's kilim."""
    return factories.order(db.session, shop.shopper, shop.catalog.kilim)


@pytest.fixture
def buyer(app, shop, delivered):
    client = app.test_client()
    login(client, shop.shopper.email)
    set_language(client, "en")
    return client


@pytest.fixture
def weaver(app, catalog):
    client = app.test_client()
    login(client, "weaver@example.com")
    set_language(client, "en")
    return client


def test_a_buyer_reviews_a_delivered_piece_with_photos_and_the_artisan_answers(
        app, shop, delivered, buyer, weaver):
    """S44: the buyer of the delivered line reviews it with two photos; the listing counts it
    at once (and tells the index); the artisan answers once, publicly."""
    kilim, line = shop.catalog.kilim, delivered.lines[0]
    order_page = buyer.get(f"/orders/{delivered.id}").get_data(as_text=True)
    assert f"/reviews/new/{line.id}" in order_page
    assert buyer.get(f"/reviews/new/{line.id}").status_code == 200
    assert buyer.get("/api/v1/search?rating=5").get_json()["total"] == 0

    sent = review_form(line.id, buyer, photos=[photo(), photo("#283a63", "PNG", "b.png")])
    assert sent.status_code == 302
    [review] = reviews_of(kilim)
    assert sent.headers["Location"].endswith(f"/listings/{kilim.id}#review-{review.id}")
    assert (review.rating, review.lang, review.author_id) == (5, "en", shop.shopper.id)
    assert len(review.photos) == 2 and all(p.thumbnail for p in review.photos)
    db.session.refresh(kilim)
    assert (kilim.rating_count, kilim.rating_total, str(kilim.rating)) == (1, 5, "5.0")
    # The index learns of it (through the outbox, tests/unit/test_reviews.py).
    assert [r["id"] for r in buyer.get("/api/v1/search?rating=5").get_json()["results"]] == [
        kilim.id]

    page = buyer.get(f"/listings/{kilim.id}").get_data(as_text=True)
    assert "Beautiful colours, arrived well packed." in page
    assert page.count(review.photos[0].thumbnail) == 1
    assert "Rated 5 out of 5 by 1 buyer" in page

    studio = weaver.get("/studio/reviews").get_data(as_text=True)
    assert "Beautiful colours" in studio and f"/reviews/{review.id}/reply" in studio
    answered = post(weaver, f"/reviews/{review.id}/reply",
                    {"body": "Thank you! It was woven in Kordasht."})
    assert answered.status_code == 302
    again = post(weaver, f"/reviews/{review.id}/reply", {"body": "Changed my mind."})
    assert again.status_code == 303
    db.session.expire_all()
    assert db.session.get(Review, review.id).reply_body == "Thank you! It was woven in Kordasht."
    page = buyer.get(f"/listings/{kilim.id}").get_data(as_text=True)
    assert "The artisan answered" in page and "woven in Kordasht" in page
    assert "Changed my mind" not in page
    assert f"/reviews/{review.id}/reply" not in weaver.get("/studio/reviews").get_data(
        as_text=True)


@pytest.mark.parametrize("who", ["other shopper", "the artisan", "a platform admin"])
def test_only_the_buyer_of_the_line_may_review_it(app, shop, delivered, who):
    """S44: anyone but its buyer gets 404 for the line's review form, and nothing is written."""
    email = {"other shopper": shop.other_shopper.email, "the artisan": "weaver@example.com",
             "a platform admin": shop.admin.email}[who]
    client = app.test_client()
    login(client, email)
    line = delivered.lines[0]
    assert client.get(f"/reviews/new/{line.id}").status_code == 404
    assert review_form(line.id, client).status_code == 404
    assert reviews_of(shop.catalog.kilim) == []


@pytest.mark.parametrize("status", [OrderStatus.PENDING_PAYMENT, OrderStatus.PAID,
                                    OrderStatus.SHIPPED])
def test_a_buyer_whose_line_is_not_delivered_cannot_review_it(app, shop, status):
    """S44: paid or shipped is not enough: the piece must have arrived."""
    order = factories.order(db.session, shop.shopper, shop.catalog.kilim, status=status)
    client = app.test_client()
    login(client, shop.shopper.email)
    set_language(client, "en")
    assert "/reviews/new/" not in client.get(f"/orders/{order.id}").get_data(as_text=True)
    refused = review_form(order.lines[0].id, client)
    assert refused.status_code == 302 and refused.headers["Location"] == f"/orders/{order.id}"
    assert "once it has been delivered" in client.get(f"/orders/{order.id}").get_data(
        as_text=True)
    assert reviews_of(shop.catalog.kilim) == []


def test_a_line_is_reviewed_once_and_the_review_never_changes(app, shop, delivered, buyer):
    """S44: a second review of the same line is refused; the first stays as written, and the
    listing counts it once."""
    line = delivered.lines[0]
    assert review_form(line.id, buyer, rating="2", body="Smaller than I thought.").status_code \
        == 302
    second = review_form(line.id, buyer, rating="5", body="Actually it is lovely.")
    assert second.status_code == 302
    assert "already reviewed" in buyer.get(second.headers["Location"]).get_data(as_text=True)
    assert buyer.get(f"/reviews/new/{line.id}").status_code == 302
    [review] = reviews_of(shop.catalog.kilim)
    assert (review.rating, review.body) == (2, "Smaller than I thought.")
    db.session.refresh(shop.catalog.kilim)
    assert (shop.catalog.kilim.rating_count, shop.catalog.kilim.rating_total) == (1, 2)


def test_the_time_to_review_ends(app, shop, buyer):
    """S44: a review after the configured window (from the delivery) is refused."""
    window = app.config["REVIEW_WINDOW_DAYS"]
    late = factories.order(db.session, shop.shopper, shop.catalog.kilim,
                           delivered_at=utcnow() - timedelta(days=window, hours=1))
    just_in_time = factories.order(db.session, shop.shopper, shop.catalog.kilim,
                                   delivered_at=utcnow() - timedelta(days=window - 1))
    refused = review_form(late.lines[0].id, buyer)
    assert refused.status_code == 302
    assert "time to review this piece has passed" in buyer.get(
        refused.headers["Location"]).get_data(as_text=True)
    assert "/reviews/new/" not in buyer.get(f"/orders/{late.id}").get_data(as_text=True)
    assert review_form(just_in_time.lines[0].id, buyer).status_code == 302
    assert [r.order_line_id for r in reviews_of(shop.catalog.kilim)] == [
        just_in_time.lines[0].id]


def test_neither_the_buyer_nor_the_seller_can_change_the_others_words(
        app, shop, delivered, buyer, weaver):
    """S44: extra fields are ignored (a reply smuggled into a review, stars into a reply);
    the buyer cannot answer as the seller; another artisan cannot answer at all."""
    line = delivered.lines[0]
    review_form(line.id, buyer, rating="4", body="Good.", reply_body="Seller says: perfect!",
                status="removed", author_id=str(shop.other_shopper.id))
    [review] = reviews_of(shop.catalog.kilim)
    assert (review.reply_body, review.status, review.author_id) == (
        None, ReviewStatus.PUBLISHED, shop.shopper.id)

    assert post(buyer, f"/reviews/{review.id}/reply", {"body": "Me again"}).status_code == 404
    potter = app.test_client()
    login(potter, "potter@example.com")
    assert post(potter, f"/reviews/{review.id}/reply", {"body": "Hi"}).status_code == 404
    assert potter.get("/studio/reviews").get_data(as_text=True).count("Good.") == 0

    post(weaver, f"/reviews/{review.id}/reply", {"body": "Thank you.", "rating": "5",
                                                 "body_review": "Excellent!"})
    db.session.expire_all()
    review = db.session.get(Review, review.id)
    assert (review.rating, review.body, review.reply_body) == (4, "Good.", "Thank you.")


@pytest.mark.shared_database
def test_ten_tabs_sending_the_same_review_at_once_make_one(app, shop, delivered, buyer):
    """S44: ten posts of the review at once (threads on SQLite, processes on PostgreSQL): one
    review, counted once, and no error page."""
    line = delivered.lines[0]
    statuses = post_at_once(app, buyer, f"/reviews/new/{line.id}",
                            {"rating": "4", "body": "Lovely."})
    assert all(code == 302 for code in statuses), statuses
    assert len(reviews_of(shop.catalog.kilim)) == 1
    db.session.refresh(shop.catalog.kilim)
    assert (shop.catalog.kilim.rating_count, shop.catalog.kilim.rating_total) == (1, 4)


@pytest.mark.shared_database
def test_ten_answers_sent_at_once_publish_one(app, shop, delivered, buyer, weaver):
    """S44: the seller's reply is written once, however many tabs send it."""
    review_form(delivered.lines[0].id, buyer)
    [review] = reviews_of(shop.catalog.kilim)
    statuses = post_at_once(app, weaver, f"/reviews/{review.id}/reply", {"body": "Merci!"})
    assert sorted(statuses) == [302] + [303] * 9, statuses
    db.session.expire_all()
    assert db.session.get(Review, review.id).reply_body == "Merci!"


def test_photos_go_through_the_listing_photo_checks(app, shop, delivered, buyer):
    """S21, S42: a file that is not a photo is refused and nothing is stored; four photos are
    refused before any is decoded."""
    line = delivered.lines[0]
    stored_before = set(os.listdir(app.config["UPLOAD_DIR"]))
    fake = (BytesIO(b"<html><script>alert(1)</script></html>"), "kilim.jpg")
    refused = review_form(line.id, buyer, photos=[photo(), fake])
    assert refused.status_code == 400
    assert "not a photo we can use" in refused.get_data(as_text=True)
    too_many = review_form(line.id, buyer, photos=[photo() for _ in range(4)])
    assert too_many.status_code == 400
    assert "At most three photos" in too_many.get_data(as_text=True)
    assert reviews_of(shop.catalog.kilim) == []
    assert db.session.scalar(select(func.count()).select_from(ReviewPhoto)) == 0
    assert set(os.listdir(app.config["UPLOAD_DIR"])) == stored_before  # the good photo too


def test_a_review_in_persian_shown_to_an_english_reader_says_so_and_reads_right_to_left(
        app, shop, delivered):
    """A Persian review on an English page (and an English answer on a Persian page) is marked
    with its language and direction."""
    persian_buyer = app.test_client()
    login(persian_buyer, shop.shopper.email)
    set_language(persian_buyer, "fa")
    review_form(delivered.lines[0].id, persian_buyer, body="رنگ‌ها زیباست و بسته‌بندی عالی بود.")
    [review] = reviews_of(shop.catalog.kilim)
    assert review.lang == "fa"
    weaver = app.test_client()
    login(weaver, "weaver@example.com")
    set_language(weaver, "en")
    post(weaver, f"/reviews/{review.id}/reply", {"body": "Thank you, it was a joy to weave."})

    reader = app.test_client()
    set_language(reader, "en")
    english = reader.get(f"/listings/{shop.catalog.kilim.id}").get_data(as_text=True)
    assert "Written in Persian" in english
    assert re.search(r'class="review-body" lang="fa" dir="rtl">رنگ‌ها', english)
    assert re.search(r'class="review-reply-body" dir="ltr">Thank you', english)

    set_language(reader, "fa")
    persian = reader.get(f"/listings/{shop.catalog.kilim.id}").get_data(as_text=True)
    assert re.search(r'class="review-body" dir="rtl">رنگ‌ها', persian)
    assert re.search(r'class="review-reply-body" lang="en" dir="ltr">Thank you', persian)


def test_listing_pages_carry_product_structured_data(app, shop, delivered, buyer):
    """schema.org Product: the offer's price, currency and availability, the artisan as brand;
    aggregateRating only once the piece is reviewed."""
    kilim = shop.catalog.kilim

    def product(client):
        return json.loads(JSON_LD.search(client.get(f"/listings/{kilim.id}").get_data(
            as_text=True)).group(1))

    before = product(app.test_client())
    assert before["@type"] == "Product" and before["brand"]["name"] == "مریم احمدی"
    assert before["offers"] == {
        "@type": "Offer", "url": f"http://localhost/listings/{kilim.id}",
        "price": "125000000", "priceCurrency": "IRR",
        "availability": "https://schema.org/InStock",
        "itemCondition": "https://schema.org/NewCondition"}
    assert "aggregateRating" not in before
    review_form(delivered.lines[0].id, buyer, rating="4", body="</script><script>alert(1)")
    after = product(buyer)
    assert after["brand"]["name"] == "Maryam Ahmadi" and after["name"] == "Handwoven Jolfa kilim"
    assert after["aggregateRating"] == {"@type": "AggregateRating", "ratingValue": "4.0",
                                        "reviewCount": 1, "bestRating": 5, "worstRating": 1}
    assert after["review"][0]["reviewBody"] == "</script><script>alert(1)"
    assert "</script><script>alert(1)" not in buyer.get(f"/listings/{kilim.id}").get_data(
        as_text=True)


def test_stars_show_on_cards_storefronts_and_in_search(app, shop, delivered, buyer):
    """The average and count on the listing card, the artisan's and the cooperative's
    storefronts; search filters "4 stars and up" and sorts best rated first, also in the API."""
    kilim = shop.catalog.kilim
    review_form(delivered.lines[0].id, buyer, rating="4")
    second = factories.order(db.session, shop.other_shopper, kilim)
    other = app.test_client()
    login(other, shop.other_shopper.email)
    review_form(second.lines[0].id, other, rating="5")
    reader = app.test_client()
    set_language(reader, "en")
    for path in ("/search?q=kilim", "/artisans/maryam-ahmadi", "/coops/jolfa-handicrafts"):
        assert "Rated 4.5 out of 5 by 2 buyers" in reader.get(path).get_data(as_text=True), path

    top = reader.get("/search?rating=4").get_data(as_text=True)
    assert f'id="listing-{kilim.id}"' in top
    assert f'id="listing-{shop.catalog.bowl.id}"' not in top
    assert "4 stars and up" in top
    best = reader.get("/search?sort=rating").get_data(as_text=True)
    bowl = shop.catalog.bowl
    assert best.index(f'id="listing-{kilim.id}"') < best.index(f'id="listing-{bowl.id}"')
    api = reader.get("/api/v1/search?rating=4").get_json()
    assert [r["id"] for r in api["results"]] == [kilim.id]
    assert api["results"][0]["rating"] == {"average": 4.5, "count": 2}
    assert api["top_rated_count"] == 1
    everything = reader.get("/api/v1/search?sort=rating").get_json()
    assert everything["results"][0]["id"] == kilim.id
    assert all(r["rating"] is None for r in everything["results"][1:])


def test_a_reported_review_is_taken_down_and_stops_counting(app, shop, delivered, buyer):
    """Reviews are reported and handled in the moderation queue: taken down, the review leaves
    the page and the stars; restored, it comes back. Its words are never changed."""
    kilim = shop.catalog.kilim
    review_form(delivered.lines[0].id, buyer, rating="1", body="Call me on 0912 000 0000")
    [review] = reviews_of(kilim)
    reporter = app.test_client()
    login(reporter, shop.other_shopper.email)
    reported = post(reporter, f"/reviews/{review.id}/report",
                    {"reason": "personal_data", "details": "A phone number"})
    assert reported.status_code == 302
    admin = app.test_client()
    login(admin, shop.admin.email)
    set_language(admin, "en")
    queue = admin.get("/admin/listings/").get_data(as_text=True)
    assert "Call me on 0912" in queue and "A phone number" in queue
    assert "Shows someone's personal details" in queue
    assert post(admin, f"/admin/listings/reviews/{review.id}/take-down",
                {"reason": ""}).status_code == 400
    assert post(admin, f"/admin/listings/reviews/{review.id}/take-down",
                {"reason": "Personal data"}).status_code == 302
    db.session.refresh(kilim)
    assert (kilim.rating_count, kilim.rating_total) == (0, 0)
    assert "Call me on" not in app.test_client().get(f"/listings/{kilim.id}").get_data(
        as_text=True)
    assert post(admin, f"/admin/listings/reviews/{review.id}/take-down",
                {"reason": "again"}).status_code == 404
    queue = admin.get("/admin/listings/").get_data(as_text=True)
    assert "No open reports of reviews." in queue and "Personal data" in queue

    assert post(admin, f"/admin/listings/reviews/{review.id}/restore", {}).status_code == 302
    db.session.refresh(kilim)
    assert (kilim.rating_count, kilim.rating_total) == (1, 1)
    db.session.expire_all()
    assert db.session.get(Review, review.id).body == "Call me on 0912 000 0000"


@pytest.mark.parametrize("who", [None, "leila@example.com", "weaver@example.com"])
def test_only_platform_admins_moderate_reviews(app, shop, delivered, buyer, who):
    """S05: everyone else gets 404 for the review moderation actions, and nothing changes."""
    review_form(delivered.lines[0].id, buyer)
    [review] = reviews_of(shop.catalog.kilim)
    client = app.test_client()
    if who:
        login(client, who)
    for action in ("take-down", "dismiss", "restore"):
        assert post(client, f"/admin/listings/reviews/{review.id}/{action}",
                    {"reason": "x"}).status_code == 404
    db.session.refresh(shop.catalog.kilim)
    assert shop.catalog.kilim.rating_count == 1
    assert reviews_of(shop.catalog.kilim)[0].status == ReviewStatus.PUBLISHED


def test_buyers_stars_count_a_little_in_relevance(app, shop):
    """Of two listings that match a search equally, the better reviewed comes first; a listing
    with the word in its title still comes before a better reviewed one without it."""
    catalog = shop.catalog
    twins = [factories.listing(db.session, catalog.weaver, catalog.kilims,
                               title_fa="خورجین پشمی", title_en="Woollen saddlebag",
                               price_minor=9_000_000) for _ in range(2)]
    db.session.commit()
    reader = app.test_client()

    def ids(query: str) -> list[int]:
        return [r["id"] for r in reader.get("/api/v1/search", query_string={"q": query})
                .get_json()["results"]]

    first, second = twins
    assert ids("saddlebag") == [first.id, second.id]  # equal: the older document first
    liked = factories.order(db.session, shop.shopper, second)
    buyer = app.test_client()
    login(buyer, shop.shopper.email)
    review_form(liked.lines[0].id, buyer, rating="5")
    assert ids("saddlebag") == [second.id, first.id]

    disliked = factories.order(db.session, shop.other_shopper, catalog.kilim)
    other = app.test_client()
    login(other, shop.other_shopper.email)
    review_form(disliked.lines[0].id, other, rating="1")
    assert ids("kilim")[0] == catalog.kilim.id  # 1 star, but "kilim" is in its title
