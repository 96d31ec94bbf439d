"""A Persian-speaking shopper buys from two artisans by bank transfer; one artisan confirms the
payment and ships; the shopper sees the order shipped."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.steps import add_to_cart, fill_address, log_in, search, ui_text

ARTISAN_LOGIN = "artisan@bazaar.test"  # Fatemeh Alizadeh, kilim weaver in Kordasht (Jolfa)
ARTISAN_SLUG = "fatemeh-alizadeh"
PROVINCE = "آذربایجان شرقی"  # East Azerbaijan, where Jolfa is


def _pick_two_artisans(page) -> list[str]:
    """Listing links on this results page: one of Fatemeh's and one of another artisan,
    each still in stock (its page has an add-to-cart form)."""
    cards = page.locator(".listing-card")
    picked: dict[str, str] = {}
    for index in range(cards.count()):
        card = cards.nth(index)
        if card.locator(".badge-muted").count():  # sold out
            continue
        artisan = card.locator(".card-meta a").get_attribute("href").rsplit("/", 1)[-1]
        key = "hers" if artisan == ARTISAN_SLUG else "other"
        if key not in picked:
            picked[key] = card.locator("a.card-link").get_attribute("href")
    assert set(picked) == {"hers", "other"}, f"results lacked two artisans in stock: {picked}"
    return [picked["hers"], picked["other"]]


def test_persian_shopper_buys_by_bank_transfer_and_sees_it_shipped(story):
    shopper = story.person("shopper", locale="fa-IR")

    shopper.goto("/")
    html = shopper.locator("html")
    expect(html).to_have_attribute("lang", "fa")
    expect(html).to_have_attribute("dir", "rtl")
    story.shot(shopper, "home in Persian, right to left")

    # "گلیم‌ها" (kilims) typed with a zero-width non-joiner: found by the analyzer's ZWNJ rules.
    search(shopper, "گلیم\u200cها")
    results = shopper.locator(".listing-card")
    expect(results.first).to_be_visible()
    expect(shopper.locator(".listing-card mark").first).to_have_text("گلیم")
    story.shot(shopper, "search results for a ZWNJ spelling")

    shopper.locator(".facet").get_by_role("link", name=PROVINCE, exact=True).click()
    shopper.wait_for_url(re.compile(r"province=east-azerbaijan"))
    expect(shopper.locator(".active-filters")).to_contain_text(PROVINCE)
    expect(results.first).to_be_visible()
    story.shot(shopper, "filtered by province")

    for href in _pick_two_artisans(shopper):
        shopper.goto(href)
        add_to_cart(shopper)
        story.shot(shopper, f"added listing {href.rsplit('/', 1)[-1]}")

    log_in(shopper, "shopper@bazaar.test")
    shopper.locator(".site-header .cart-link").click()
    expect(shopper.locator("main")).to_contain_text("فاطمه علیزاده")
    story.shot(shopper, "cart with two artisans after log in")

    shopper.locator("main a[href='/checkout/']").click()
    fill_address(shopper, name="مریم رضایی", address="تهران، خیابان ولیعصر، کوچه لاله، پلاک ۱۲",
                 city="تهران", postcode="1411713114", country="IR", phone="09120000000")
    shopper.locator("input[name=method][value=bank_transfer]").check()
    story.shot(shopper, "address and bank transfer")
    with shopper.expect_navigation():
        shopper.locator("main form button[type=submit]:not([name=update])").click()
    shopper.wait_for_url(re.compile(r"/checkout/[\w-]+$"))
    orders = shopper.locator("main ul.plain li")
    expect(orders).to_have_count(2)
    expect(orders.locator(".status").first).to_have_text(ui_text("Awaiting payment", "fa"))
    story.shot(shopper, "two orders awaiting bank transfer")
    hers = orders.filter(has_text="فاطمه علیزاده")
    order_href = hers.locator("a").get_attribute("href")
    order_id = order_href.rsplit("/", 1)[-1]

    # The artisan confirms the transfer arrived and ships with a tracking number.
    artisan = story.person("artisan", locale="fa-IR")
    artisan.goto("/")
    log_in(artisan, ARTISAN_LOGIN)
    artisan.goto("/studio/orders/")
    order = artisan.locator(f"#order-{order_id}")
    expect(order).to_contain_text("مریم رضایی")
    story.shot(artisan, "artisan sees the order to confirm")
    with artisan.expect_navigation():
        order.locator("form[action$='/confirm-payment'] button").click()
    expect(order.locator(".status")).to_have_text(ui_text("Paid", "fa"))
    order.locator("input[name=carrier]").fill("پست ایران")
    order.locator("input[name=tracking_number]").fill("IR1234567890")
    story.shot(artisan, "payment confirmed, shipping details")
    with artisan.expect_navigation():
        order.locator("form.ship-form button").click()
    expect(order.locator(".status")).to_have_text(ui_text("Shipped", "fa"))
    story.shot(artisan, "marked shipped")

    # The shopper follows the order and sees it shipped, with the carrier and tracking number.
    shopper.goto(order_href)
    expect(shopper.locator("main .status").first).to_have_text(ui_text("Shipped", "fa"))
    expect(shopper.locator("main")).to_contain_text("IR1234567890")
    expect(shopper.locator("main")).to_contain_text("پست ایران")
    story.shot(shopper, "shopper sees the order shipped")
