"""A foreign shopper reads in English, prices in euros, and pays by card through localstripe's
stand-in for Stripe.js; the order turns paid when the signed webhook arrives."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.steps import add_to_cart, fill_address, log_in, search, ui_text


def test_foreign_shopper_pays_by_card_in_euros(story):
    buyer = story.person("buyer", locale="de-DE")  # neither shipped language: Persian first

    buyer.goto("/")
    expect(buyer.locator("html")).to_have_attribute("dir", "rtl")
    with buyer.expect_navigation():
        buyer.locator(".lang-switch button[value=en]").click()
    expect(buyer.locator("html")).to_have_attribute("lang", "en")
    expect(buyer.locator("html")).to_have_attribute("dir", "ltr")
    with buyer.expect_navigation():
        buyer.locator(".currency-switch button[value=EUR]").click()
    expect(buyer.locator(".currency-switch button[value=EUR]")).to_have_attribute(
        "aria-pressed", "true")
    story.shot(buyer, "home in English with euros")

    search(buyer, "silk scarf")
    cards = buyer.locator(".listing-card").filter(has_not=buyer.locator(".badge-muted"))
    expect(cards.first).to_contain_text(re.compile("silk", re.IGNORECASE))
    expect(cards.first.locator(".card-price")).to_contain_text("€")
    story.shot(buyer, "search results for silk scarf")

    cards.first.locator("a.card-link").click()
    expect(buyer.locator("main")).to_contain_text("€")
    add_to_cart(buyer)
    story.shot(buyer, "added a scarf")

    log_in(buyer, "buyer@bazaar.test")
    buyer.locator(".site-header .cart-link").click()
    expect(buyer.locator("main")).to_contain_text("€")
    buyer.locator("main a[href='/checkout/']").click()
    fill_address(buyer, name="Leila Karimi", address="Kargar St 12", city="Berlin",
                 postcode="10115", country="DE")
    buyer.locator("input[name=method][value=card]").check()
    story.shot(buyer, "address abroad and card")
    with buyer.expect_navigation():
        buyer.locator("main form button[type=submit]:not([name=update])").click()
    buyer.wait_for_url(re.compile(r"/checkout/[\w-]+$"))

    # localstripe's Stripe.js mounts plain inputs named by their placeholders in #card-element.
    card = buyer.locator("#card-element")
    card.locator("input[placeholder=number]").press_sequentially("4242 4242 4242 4242"
                                                                 .replace(" ", ""))
    card.locator("input[placeholder=exp_month]").fill("12")
    card.locator("input[placeholder=exp_year]").fill("30")
    card.locator("input[placeholder=cvc]").fill("123")
    card.locator("input[placeholder=postal_code]").fill("10115")
    expect(buyer.locator("#pay-button")).to_contain_text("€")
    story.shot(buyer, "card details in the stripe.js box")
    buyer.locator("#pay-button").click()

    # The page polls the checkout's status and reloads once the webhook has marked it paid.
    expect(buyer.locator("#paid")).to_be_visible(timeout=30_000)
    expect(buyer.locator("main .status").first).to_have_text(ui_text("Paid", "en"))
    story.shot(buyer, "order paid after the webhook")
