"""Numbers as people type them: Persian digits are read, fractions of a toman are refused (S39).

An artisan on a Persian phone keyboard types ۲۵۰۰۰۰۰; a careless admin types 0.4 toman. The
first is a price, the second a clear message on the form it was typed into, and nothing changes.
"""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.cooperatives import ledger
from marketplace.core.money import Money
from marketplace.extensions import db
from marketplace.models import Dividend, LedgerTransaction, Listing, TransactionKind
from tests import factories
from tests.conftest import csrf_token, login, set_language
from tests.functional.test_studio import listing_form


def post(client, path, data):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, "/")})


@pytest.fixture
def earnings(shop):
    catalog = shop.catalog
    ledger.post_sale(db.session, reference="order:1", artisan_id=catalog.weaver.id,
                     lines=[ledger.SaleLine(catalog.kilim.id, Money(125_000_000, "IRR"), 500,
                                            catalog.coop.id, catalog.coop.commission_bps)])
    factories.coop_admin(db.session, catalog.coop, "coop-admin@example.com")
    db.session.commit()
    return shop


def payouts() -> int:
    return db.session.scalar(select(func.count()).select_from(LedgerTransaction)
                             .where(LedgerTransaction.kind == TransactionKind.PAYOUT))


def test_an_artisan_types_her_price_and_stock_in_persian_digits(client, catalog):
    set_language(client, "fa")
    login(client, "weaver@example.com")
    response = post(client, "/studio/listings/new", listing_form(
        category=str(catalog.kilims.id), price="۲٬۵۰۰٬۰۰۰", stock="۳"))
    assert response.status_code == 302
    listing = db.session.scalar(select(Listing).order_by(Listing.id.desc()))
    assert (listing.price_minor, listing.stock) == (25_000_000, 3)


@pytest.mark.parametrize("price", ["0.4", "12.5", "-3", "1e9", "NaN", "۰"])
def test_a_price_that_is_not_whole_toman_is_refused_on_the_form(client, catalog, price):
    """S39: a fraction of a toman, a sign, an exponent or zero: the form says why, no listing."""
    set_language(client, "en")
    login(client, "weaver@example.com")
    before = db.session.scalar(select(func.count()).select_from(Listing))
    response = post(client, "/studio/listings/new",
                    listing_form(category=str(catalog.kilims.id), price=price))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert any(message in html for message in (
        "Amounts in toman are whole numbers.", "Enter an amount in figures",
        "Enter an amount above zero."))
    assert db.session.scalar(select(func.count()).select_from(Listing)) == before


def test_a_dividend_of_half_a_toman_is_refused(client, earnings):
    """S39: 0.5 toman is no dividend: a message, and nothing is declared."""
    set_language(client, "en")
    login(client, "coop-admin@example.com")
    coop = earnings.catalog.coop
    response = post(client, f"/coop/{coop.slug}/admin/dividends", {"amount": "0.5"})
    assert response.status_code == 400
    assert "Amounts in toman are whole numbers." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Dividend)) == 0


def test_payouts_of_a_fraction_of_a_toman_are_refused_on_both_screens(client, earnings):
    """S39: 0.4 toman on the cooperative's and the platform's payout screens: nothing paid."""
    set_language(client, "en")
    login(client, "coop-admin@example.com")
    coop, weaver = earnings.catalog.coop, earnings.catalog.weaver
    assert post(client, f"/coop/{coop.slug}/admin/members/payout",
                {"artisan": str(weaver.id), "amount": "0.4"}).status_code in (302, 400)
    admin = client.application.test_client()
    set_language(admin, "en")
    login(admin, earnings.admin.email)
    response = post(admin, "/admin/payouts/", {"owed": f"{weaver.id}:IRR", "amount": "0.4"})
    assert response.status_code == 400
    assert "Amounts in toman are whole numbers." in response.get_data(as_text=True)
    assert payouts() == 0


def test_a_payout_typed_in_persian_digits_is_recorded(client, earnings):
    set_language(client, "fa")
    login(client, earnings.admin.email)
    weaver = earnings.catalog.weaver
    response = post(client, "/admin/payouts/", {"owed": f"{weaver.id}:IRR", "amount": "۱۰۰۰"})
    assert response.status_code == 302
    assert payouts() == 1
    assert ledger.artisan_available(db.session, weaver.id, "IRR") == Money(106_240_000, "IRR")


def test_a_cart_quantity_in_persian_digits_and_a_huge_listing_id(client, shop):
    """S39: "۲" is two; a listing id past 64 bits is a 400 with a message, not a 500."""
    set_language(client, "en")
    token = csrf_token(client, "/")
    assert client.post("/cart/add", data={"listing_id": str(shop.catalog.kilim.id),
                                          "quantity": "۲", "csrf_token": token}).status_code == 302
    assert client.post("/cart/add", data={"listing_id": str(2**64), "quantity": "1",
                                          "csrf_token": token}).status_code == 400
    assert client.get(f"/listings/{2**64}").status_code == 404
