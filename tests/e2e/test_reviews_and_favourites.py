"""Trust between strangers, in the browser: a delivered order reviewed with a photo and answered
by its artisan, read by a shopper abroad; a heart pressed by a guest on a cached page, who signs
in and comes back to the piece with the heart filled. On a 360 px phone and a desktop, in
Persian and English."""
from __future__ import annotations

import json
import re

from PIL import Image
from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD
from tests.e2e.steps import in_menu, log_in, search, ui_text

PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}
ARTISAN_LOGIN = "artisan@bazaar.test"  # Fatemeh Alizadeh, kilim weaver in Kordasht (Jolfa)
SHOPPER_NAME = "مریم تهرانی"  # shopper@bazaar.test, whose demo order of Fatemeh's is shipped


def sign_in_here(page, email: str) -> None:
    """On the sign-in page a guest was sent to: fill it in and send it."""
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator(".main-nav form[action='/account/logout']")).to_be_attached()


def test_a_delivered_kilim_is_reviewed_with_a_photo_and_answered(story, tmp_path):
    artisan = story.person("artisan", locale="fa-IR")
    artisan.goto("/")
    log_in(artisan, ARTISAN_LOGIN)
    artisan.goto("/studio/orders/")
    shipped = artisan.locator("section.seller-group").filter(has_text=SHOPPER_NAME).filter(
        has=artisan.locator("form[action$='/deliver']")).first
    order_id = shipped.get_attribute("id").removeprefix("order-")
    story.shot(artisan, "the shipped kilim arrived: the artisan marks it delivered")
    with artisan.expect_navigation():
        shipped.locator("form[action$='/deliver'] button").click()
    expect(artisan.locator(f"#order-{order_id} .status")).to_have_text(
        ui_text("Delivered", "fa"))

    # The buyer, on her phone in Persian, reviews it with a photo of it on her floor.
    shopper = story.person("shopper", locale="fa-IR")
    shopper.set_viewport_size(PHONE)
    shopper.goto("/")
    log_in(shopper, "shopper@bazaar.test")
    shopper.goto(f"/orders/{order_id}")
    write = shopper.locator("a.write-review")
    expect(write).to_have_text(ui_text("Review this piece", "fa"))
    story.shot(shopper, "phone: the delivered order invites a review")
    write.click()
    photo = tmp_path / "kilim-at-home.jpg"
    Image.new("RGB", (900, 600), (164, 54, 43)).save(photo, "JPEG")
    shopper.locator("input[name=rating][value='5']").check()
    words = "رنگ‌ها درست مثل عکس است و بافتش بسیار محکم. از کردشت تا تهران سالم رسید."
    shopper.locator("textarea[name=body]").fill(words)
    shopper.locator("input[name=photos]").set_input_files(str(photo))
    story.shot(shopper, "phone: five stars, words and a photo")
    with shopper.expect_navigation():
        shopper.locator("main form button[type=submit]").click()
    shopper.wait_for_url(re.compile(r"/listings/\d+#review-\d+$"))
    listing_path = re.search(r"/listings/\d+", shopper.url).group(0)
    review = shopper.locator("article.review").filter(has_text="از کردشت تا تهران")
    expect(review).to_be_visible()
    expect(review.locator(".review-photos img")).to_have_count(1)
    expect(review.locator(".written-in")).to_have_count(0)  # Persian on a Persian page
    story.shot(shopper, "phone: the review is on the kilim's page")

    # The artisan answers once, from her studio.
    artisan.goto("/studio/reviews")
    mine = artisan.locator("section.studio-review").filter(has_text="از کردشت تا تهران")
    answer = "ممنون از شما! این گلیم را با پشم رنگ‌شده با روناس بافتم."
    mine.locator("textarea[name=body]").fill(answer)
    with artisan.expect_navigation():
        mine.locator("form.reply-form button").click()
    expect(mine.locator(".review-reply")).to_contain_text("روناس")
    expect(mine.locator("form.reply-form")).to_have_count(0)  # one answer only
    story.shot(artisan, "the artisan answered in her studio")

    # A shopper abroad reads it in English: marked Persian, right to left, and the stars.
    reader = story.person("reader", locale="en-GB")
    reader.goto(listing_path)
    expect(reader.locator("html")).to_have_attribute("lang", "en")
    expect(reader.locator(".listing-rating .stars")).to_be_visible()
    review = reader.locator("article.review").filter(has_text="از کردشت تا تهران")
    expect(review.locator(".written-in").first).to_have_text("Written in Persian")
    expect(review.locator(".review-body")).to_have_attribute("dir", "rtl")
    expect(review.locator(".review-body")).to_have_attribute("lang", "fa")
    expect(review.locator(".review-reply")).to_contain_text("The artisan answered")
    review.scroll_into_view_if_needed()
    story.shot(reader, "desktop in English: the Persian review and answer, marked")
    reader.set_viewport_size(PHONE)
    review.scroll_into_view_if_needed()
    story.shot(reader, "phone in English: the review")
    data = json.loads(reader.locator("script[type='application/ld+json']").text_content())
    assert data["@type"] == "Product" and data["offers"]["priceCurrency"] == "IRR"
    assert data["brand"]["name"] == "Fatemeh Alizadeh"
    assert data["aggregateRating"]["reviewCount"] >= 1


def test_a_guest_hearts_a_piece_on_a_cached_page_and_signs_in(story):
    # Someone else read the page first, so it is in the shared cache.
    first = story.person("first visitor", locale="en-US")
    first.goto("/")
    search(first, "silk scarf")
    card = first.locator(".listing-card").first
    path = card.locator("a.card-link").get_attribute("href")
    first.goto(path)

    guest = story.person("guest", locale="en-US")
    answer = guest.goto(path)
    assert answer.headers.get("x-page-cache") == "hit"
    heart = guest.locator(".listing-heart button.heart")
    expect(heart).to_have_attribute("aria-pressed", "false")
    story.shot(guest, "desktop: a cached listing page with an empty heart")
    with guest.expect_navigation(url=re.compile(r"/account/login\?next=")):
        heart.click()
    expect(guest.locator(".flashes")).to_contain_text("Sign in to keep this piece")
    story.shot(guest, "asked to sign in")
    sign_in_here(guest, "buyer@bazaar.test")
    assert guest.url.endswith(path + "?") or guest.url.endswith(path)
    expect(guest.locator(".listing-heart button.heart")).to_have_attribute("aria-pressed", "true")
    expect(guest.locator(".flashes")).to_contain_text("Saved to your favourites.")
    story.shot(guest, "back on the piece, the heart filled")
    in_menu(guest, "a.favourites-link").click()
    expect(guest.locator(f"main a.card-link[href='{path}']")).to_be_visible()
    guest.set_viewport_size(PHONE)
    story.shot(guest, "phone: the favourites page")

    # A Persian guest on her phone hearts a piece from the search results and follows
    # its artisan.
    phone = story.person("persian guest", locale="fa-IR")
    phone.set_viewport_size(PHONE)
    phone.goto("/")
    search(phone, "گلیم")
    # The demo has her following Fatemeh Alizadeh and Jolfa's cooperative: a piece by another.
    card = phone.locator(".listing-card").filter(
        has_not=phone.locator("a[href*='fatemeh-alizadeh']")).first
    listing_id = card.get_attribute("id")
    story.shot(phone, "phone in Persian: search results with hearts")
    with phone.expect_navigation(url=re.compile(r"/account/login\?next=")):
        card.locator("button.heart").click()
    sign_in_here(phone, "shopper@bazaar.test")
    assert f"#{listing_id}" in phone.url and "/search?" in phone.url
    expect(phone.locator(f"#{listing_id} button.heart")).to_have_attribute("aria-pressed", "true")
    story.shot(phone, "phone in Persian: back in the results, the heart filled")
    phone.locator(f"#{listing_id} .card-meta a").click()
    follow = phone.locator(".shop-trust form.follow-form button")
    expect(follow).to_have_attribute("aria-pressed", "false")
    with phone.expect_navigation():
        follow.click()
    expect(phone.locator(".shop-trust form.follow-form button")).to_have_attribute(
        "aria-pressed", "true")
    story.shot(phone, "phone in Persian: following the artisan")
    phone.goto("/")
    expect(phone.locator(".followed-new h2")).to_have_text(
        ui_text("New from shops you follow", "fa"))
    phone.set_viewport_size(DESKTOP)
    story.shot(phone, "desktop in Persian: new from the shops she follows")
