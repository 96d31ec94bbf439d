"""An artisan's stock edit never undoes a sale made while her form was open (S27)."""
from __future__ import annotations

import re

import pytest
from flask import current_app
from sqlalchemy import func, select

from marketplace.commerce import carts, ordering
from marketplace.extensions import db
from marketplace.models import Listing, PaymentMethod, Reservation, ReservationStatus
from tests.conftest import csrf_token, login, set_language


@pytest.fixture
def weaver(client, shop):
    """The weaver's last kilim: one left."""
    shop.catalog.kilim.stock = 1
    db.session.commit()
    set_language(client, "en")
    login(client, "weaver@example.com")
    return client


def _open_form(client, listing: Listing) -> dict:
    """What the edit form holds when it loads, as the browser would send it back."""
    html = client.get(f"/studio/listings/{listing.id}/edit").get_data(as_text=True)
    seen = _stock_seen(html)
    return {
        "title_fa": "گلیم دست‌باف جلفا", "description_fa": "دست‌باف", "materials_fa": "پشم",
        "title_en": "Handwoven Jolfa kilim", "description_en": "Handwoven", "materials_en": "Wool",
        "category": str(listing.category_id), "cooperative": str(listing.cooperative_id),
        "price": "12500000", "stock": str(listing.stock), "stock_seen": seen,
        "publish": "Publish", "csrf_token": csrf_token(client, "/"),
    }


def _stock_seen(html: str) -> str:
    found = re.search(r'<input id="stock_seen" name="stock_seen" type="hidden" value="(\d*)">',
                      html)
    assert found, "the form carries the stock it showed"
    return found.group(1)


def _buy(shop, buyer) -> None:
    cart = carts.find_or_create(db.session, user_id=buyer.id, token=None)
    carts.add(db.session, cart, shop.catalog.kilim.id, 1, buyer_id=buyer.id)
    ordering.start_checkout(
        db.session, buyer_id=buyer.id, cart=cart,
        address=ordering.Address(buyer.display_name, "Kargar St", "Tehran", "", "IR"),
        method=PaymentMethod.BANK_TRANSFER, currency="IRR", rates={},
        policy=ordering.CheckoutPolicy.from_config(current_app.config))
    db.session.commit()


def _holds() -> int:
    return db.session.scalar(select(func.count()).select_from(Reservation)
                             .where(Reservation.status == ReservationStatus.HELD))


def test_saving_other_changes_keeps_a_sale_made_while_the_form_was_open(weaver, shop):
    """S27: the form loaded with 1 in stock, Leila bought it, the artisan saved a new English
    title: the stock stays 0 and Sam cannot buy the same kilim again."""
    kilim = shop.catalog.kilim
    form = _open_form(weaver, kilim)
    _buy(shop, shop.shopper)
    response = weaver.post(f"/studio/listings/{kilim.id}/edit",
                           data={**form, "title_en": "Jolfa kilim, last one"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Listing, kilim.id).stock == 0
    assert db.session.get(Listing, kilim.id).text("en").title == "Jolfa kilim, last one"
    with pytest.raises(carts.CartError):
        _buy(shop, shop.other_shopper)
    db.session.rollback()
    assert _holds() == 1


def test_a_new_count_typed_over_a_sale_is_refused_with_the_stock_as_it_is_now(weaver, shop):
    """S27: the artisan typed 3 over the 1 she saw, but it sold meanwhile: she is told it is 0
    now, nothing of her edit is saved, and saving again from the refreshed form sets 3."""
    kilim = shop.catalog.kilim
    form = _open_form(weaver, kilim)
    _buy(shop, shop.shopper)
    response = weaver.post(f"/studio/listings/{kilim.id}/edit",
                           data={**form, "stock": "3", "title_en": "Three more kilims"})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "The stock changed while you were editing: now 0." in html
    db.session.expire_all()
    assert db.session.get(Listing, kilim.id).stock == 0
    assert db.session.get(Listing, kilim.id).text("en").title == "Handwoven Jolfa kilim"
    assert _stock_seen(html) == "0"
    response = weaver.post(f"/studio/listings/{kilim.id}/edit",
                           data={**form, "stock": "3", "stock_seen": _stock_seen(html)})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Listing, kilim.id).stock == 3
    assert _holds() == 1

