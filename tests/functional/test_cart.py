"""The cart takes only a listing and a quantity; everything else is the server's (S06, S18)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import Cart, CartLine, Listing, ListingStatus, Reservation
from tests.conftest import csrf_token, login, set_language
from tests.functional.checkout_helpers import add_to_cart, set_currency


def _lines():
    return db.session.scalars(select(CartLine)).all()


def test_guest_adds_changes_and_removes_lines(client, shop):
    set_language(client, "en")
    assert add_to_cart(client, shop.catalog.kilim, "2").status_code == 302
    assert add_to_cart(client, shop.catalog.bowl, "1").status_code == 302
    html = client.get("/cart/").get_data(as_text=True)
    assert "Handwoven Jolfa kilim" in html and "Glazed Bat Trang bowl" in html
    assert "Cart (3)" in html
    from tests.conftest import csrf_token
    token = csrf_token(client, "/cart/")
    client.post("/cart/update", data={"listing_id": shop.catalog.kilim.id, "quantity": "3",
                                      "csrf_token": token})
    client.post("/cart/remove", data={"listing_id": shop.catalog.bowl.id, "csrf_token": token})
    assert [(line.listing_id, line.quantity) for line in _lines()] == [(shop.catalog.kilim.id, 3)]


def test_tampered_price_currency_and_total_are_ignored(client, shop):
    """S06, S18: extra fields in the form change nothing the shopper pays."""
    set_language(client, "en")
    set_currency(client, "USD")
    add_to_cart(client, shop.catalog.kilim, "1", price_minor="1", currency="XXX", total="1",
                artisan_id="999", status="paid")
    html = client.get("/cart/").get_data(as_text=True)
    assert "$2,975.00" in html  # 125,000,000 IRR × 0.0000238
    assert db.session.get(Listing, shop.catalog.kilim.id).price_minor == 125_000_000


@pytest.mark.parametrize("quantity", ["0", "-1", "1.5", "abc", "", "1e3", "100", "99999999"])
def test_bad_quantities_get_400_with_a_message_and_reserve_nothing(client, shop, quantity):
    """S18: zero, negative, non-integer, huge: a clear error, no cart line, no reservation."""
    set_language(client, "en")
    response = add_to_cart(client, shop.catalog.kilim, quantity)
    assert response.status_code == 400
    assert "whole number from 1 to 99" in response.get_data(as_text=True)
    assert _lines() == []
    assert db.session.scalar(select(func.count()).select_from(Reservation)) == 0
    assert db.session.get(Listing, shop.catalog.kilim.id).stock == 5


def test_more_than_stock_unknown_archived_and_own_listings_are_refused(client, shop):
    set_language(client, "en")
    over = add_to_cart(client, shop.catalog.kilim, "6")
    assert over.status_code == 400 and "Only 5 left" in over.get_data(as_text=True)
    unknown = add_to_cart(client, 9999, "1")
    assert unknown.status_code == 400 and "not in our catalogue" in unknown.get_data(as_text=True)
    shop.catalog.bowl.status = ListingStatus.ARCHIVED
    db.session.commit()
    archived = add_to_cart(client, shop.catalog.bowl, "1")
    assert archived.status_code == 400 and "no longer for sale" in archived.get_data(as_text=True)
    login(client, "weaver@example.com")
    set_language(client, "en")
    own = add_to_cart(client, shop.catalog.kilim, "1")
    assert own.status_code == 400 and "your own listing" in own.get_data(as_text=True)
    assert _lines() == []
    assert db.session.scalar(select(func.count()).select_from(Reservation)) == 0


def test_cart_posts_need_a_csrf_token(client, shop):
    """S15: no token, no change."""
    response = client.post("/cart/add", data={"listing_id": shop.catalog.kilim.id,
                                              "quantity": "1"})
    assert response.status_code == 400
    assert _lines() == []


def test_guest_cart_is_merged_into_the_account_cart_at_login(client, shop):
    add_to_cart(client, shop.catalog.kilim, "2")
    login(client, shop.shopper.email)
    cart = db.session.scalar(select(Cart).where(Cart.user_id == shop.shopper.id))
    assert [(line.listing_id, line.quantity) for line in cart.lines] == [(shop.catalog.kilim.id, 2)]
    assert db.session.scalar(select(func.count()).select_from(Cart)) == 1


def test_a_shopper_is_told_what_logging_in_did_to_the_cart_she_filled_as_a_guest(client, shop):
    """The total must not change silently: a line already in the account's cart is added to."""
    add_to_cart(client, shop.catalog.kilim, "1")
    login(client, shop.shopper.email)
    assert "سبدی که پیش از ورود" not in client.get("/cart/").get_data(as_text=True)  # moved as is
    client.post("/account/logout", data={"csrf_token": csrf_token(client, "/")})
    add_to_cart(client, shop.catalog.kilim, "1")
    login(client, shop.shopper.email)
    page = client.get("/cart/").get_data(as_text=True)
    assert ("سبدی که پیش از ورود پر کرده بودید به سبد حساب شما افزوده شد. لطفاً آن را بررسی کنید: "
            "گلیم دست\u200cباف جلفا: ۱ عدد از پیش در سبدتان بود، اکنون ۲ عدد.") in page


def test_prices_follow_the_chosen_currency_with_the_artisans_price_alongside(client, shop):
    set_language(client, "en")
    page = client.get(f"/listings/{shop.catalog.kilim.id}").get_data(as_text=True)
    assert "$2,975.00" in page and "12,500,000 toman" in page  # English default: USD
    set_currency(client, "EUR")
    assert "€2,750.00" in client.get(f"/listings/{shop.catalog.kilim.id}").get_data(as_text=True)
    set_language(client, "fa")
    set_currency(client, "IRR")
    page = client.get(f"/listings/{shop.catalog.kilim.id}").get_data(as_text=True)
    assert "۱۲٬۵۰۰٬۰۰۰ تومان" in page
