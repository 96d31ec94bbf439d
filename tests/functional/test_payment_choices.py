"""How a shopper pays follows where the parcel goes, never the currency they read prices in;
the currency charged is stated before the order is placed."""
from __future__ import annotations

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import Checkout
from tests.conftest import csrf_token, login, set_language
from tests.functional.checkout_helpers import (
    ADDRESS,
    TEHRAN,
    add_to_cart,
    checkout_from,
    place_order,
    set_currency,
)

PARIS = {**ADDRESS, "city": "Paris", "postcode": "75011", "country": "FR"}


def _show_payment_for(client, address: dict, method: str):
    """Pick a country and press "Show payment for this country" (JavaScript does it on change)."""
    return client.post("/checkout/", data={**address, "method": method, "update": "1",
                                           "csrf_token": csrf_token(client, "/cart/")})


def test_a_persian_shopper_reading_dollars_can_still_pay_by_bank_transfer_in_toman(client, shop):
    login(client, shop.shopper.email)
    set_currency(client, "USD")
    add_to_cart(client, shop.catalog.kilim)
    page = client.get("/checkout/").get_data(as_text=True)
    assert 'value="bank_transfer"' in page and 'value="cash_on_delivery"' in page
    assert "مبلغی که از شما دریافت می‌شود: ۱۲٬۵۰۰٬۰۰۰ تومان." in page
    checkout = checkout_from(place_order(client, "bank_transfer", TEHRAN))
    assert (checkout.currency, checkout.total_minor) == ("IRR", 125_000_000)


def test_an_english_buyer_reading_toman_ships_to_france_and_is_charged_in_euros(client, shop):
    login(client, shop.other_shopper.email)
    set_language(client, "en")
    set_currency(client, "IRR")
    add_to_cart(client, shop.catalog.kilim)
    response = _show_payment_for(client, PARIS, "bank_transfer")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="bank_transfer"' not in page and 'value="cash_on_delivery"' not in page
    assert 'value="card"' in page and "US dollars" in page  # euros by default, dollars on offer
    assert "You will be charged €2,750.00." in page
    assert 'value="Paris"' in page  # nothing typed is lost
    checkout = checkout_from(place_order(client, "card", PARIS, charge_currency="EUR"))
    assert (checkout.currency, checkout.total_minor) == ("EUR", 275_000)
    assert [order.charge_total_minor for order in checkout.orders] == [275_000]


def test_a_buyer_abroad_reading_euros_may_choose_to_be_charged_in_dollars(client, shop):
    login(client, shop.other_shopper.email)
    set_language(client, "en")
    set_currency(client, "EUR")
    add_to_cart(client, shop.catalog.kilim)
    checkout = checkout_from(place_order(client, "card", ADDRESS, charge_currency="USD"))
    assert (checkout.currency, checkout.total_minor) == ("USD", 297_500)


def test_a_way_of_paying_not_offered_for_the_destination_is_refused_and_the_form_kept(
        client, shop):
    """S18: the method and the card's currency are checked on the server, which computes every
    amount; what was typed comes back with the reason."""
    login(client, shop.other_shopper.email)
    set_language(client, "en")
    add_to_cart(client, shop.catalog.kilim)
    cash_to_paris = place_order(client, "cash_on_delivery", PARIS, total_minor="1")
    assert cash_to_paris.status_code == 400
    page = cash_to_paris.get_data(as_text=True)
    assert "not available for a parcel to this country" in page
    assert 'value="Leila Karimi"' in page and "Kargar St 12" in page
    for currency in ("IRR", "GBP", ""):
        refused = place_order(client, "card", ADDRESS, charge_currency=currency)
        assert refused.status_code == 400, currency
        assert "Choose euros or US dollars." in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Checkout)) == 0


def test_checkout_starts_from_the_shoppers_name_then_from_where_the_last_order_went(
        client, shop):
    login(client, shop.shopper.email)
    add_to_cart(client, shop.catalog.kilim)
    first = client.get("/checkout/").get_data(as_text=True)
    assert 'name="name" required type="text" value="Leila"' in first
    assert place_order(client, "bank_transfer", TEHRAN).status_code == 302
    add_to_cart(client, shop.catalog.kilim)
    second = client.get("/checkout/").get_data(as_text=True)
    assert 'value="Leila Karimi"' in second and "Kargar St 12" in second
    assert 'value="1411713114"' in second and '<option selected value="IR">' in second


def test_a_persian_shopper_who_leaves_her_name_out_is_told_so_in_our_own_wording(client, shop):
    """WTForms' Persian says «این فیلد اجباریست»; the form keeps our catalogue's wording."""
    login(client, shop.shopper.email)
    add_to_cart(client, shop.catalog.kilim)
    refused = place_order(client, "bank_transfer", {**TEHRAN, "name": ""})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "پر کردن این بخش الزامی است." in page and "اجباریست" not in page
    set_language(client, "en")
    assert "This field is required." in place_order(
        client, "bank_transfer", {**TEHRAN, "name": ""}).get_data(as_text=True)
