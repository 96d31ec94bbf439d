"""The platform pays artisans what it owes them, cooperative members or not (/admin/payouts/)."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from marketplace.cooperatives import ledger
from marketplace.core.money import Money
from marketplace.extensions import db
from marketplace.models import LedgerTransaction, TransactionKind
from tests.conftest import csrf_token, login, set_language


@pytest.fixture
def sales(shop):
    """A kilim sold for the weaver (a Jolfa cooperative member), a bowl for the potter (none)."""
    catalog = shop.catalog
    ledger.post_sale(db.session, reference="order:1", artisan_id=catalog.weaver.id, lines=[
        ledger.SaleLine(catalog.kilim.id, Money(125_000_000, "IRR"), 500, catalog.coop.id,
                        catalog.coop.commission_bps)])
    ledger.post_sale(db.session, reference="order:2", artisan_id=catalog.potter.id, lines=[
        ledger.SaleLine(catalog.bowl.id, Money(400_000, "VND"), 500, None, 0)])
    db.session.commit()
    return shop


def payouts_made() -> int:
    return db.session.scalar(select(func.count()).select_from(LedgerTransaction).where(
        LedgerTransaction.kind == TransactionKind.PAYOUT))


def pay(client, owed: str, amount: str, note: str = ""):
    token = csrf_token(client, "/admin/payouts/")
    return client.post("/admin/payouts/", data={"owed": owed, "amount": amount, "note": note,
                                                "csrf_token": token})


def test_the_platform_pays_an_artisan_outside_any_cooperative(client, sales):
    catalog = sales.catalog
    set_language(client, "en")
    login(client, sales.admin.email)
    page = client.get("/admin/payouts/").get_data(as_text=True)
    # 5% platform fee; the weaver's cooperative keeps its 10% commission.
    assert "Nguyen Thi Lan" in page and "₫380,000" in page
    assert "Maryam Ahmadi" in page and "10,625,000 toman" in page
    assert 'href="/admin/payouts/"' in page  # the header links the screen for platform admins

    paid = pay(client, f"{catalog.potter.id}:VND", "300000", "Vietcombank 4471")
    assert paid.status_code == 302
    after = client.get("/admin/payouts/").get_data(as_text=True)
    assert "₫80,000" in after and "Vietcombank 4471" in after
    assert ledger.artisan_available(db.session, catalog.potter.id, "VND") == Money(80_000, "VND")

    # The potter sees the payout in the studio.
    client.post("/account/logout", data={"csrf_token": csrf_token(client, "/")})
    login(client, "potter@example.com")
    set_language(client, "en")
    studio = client.get("/studio/money").get_data(as_text=True)
    assert "₫300,000" in studio and "Vietcombank 4471" in studio


def test_a_rial_balance_is_paid_in_toman(client, sales):
    catalog = sales.catalog
    login(client, sales.admin.email)
    assert pay(client, f"{catalog.weaver.id}:IRR", "10000000").status_code == 302
    assert ledger.artisan_available(db.session, catalog.weaver.id, "IRR") == Money(
        6_250_000, "IRR")


def test_paying_more_than_is_owed_changes_nothing(client, sales):
    catalog = sales.catalog
    set_language(client, "en")
    login(client, sales.admin.email)
    refused = pay(client, f"{catalog.potter.id}:VND", "380001")
    assert refused.status_code == 400
    assert "That is more than the artisan is owed (₫380,000)." in refused.get_data(as_text=True)
    for bad in ({"owed": f"{catalog.potter.id}:USD", "amount": "1"},  # nothing owed in USD
                {"owed": "999:VND", "amount": "1"},
                {"owed": f"{catalog.potter.id}:VND", "amount": "-5"},
                {"owed": f"{catalog.potter.id}:VND", "amount": "lots"}):
        answer = pay(client, bad["owed"], bad["amount"])
        assert answer.status_code == 400, bad
    assert payouts_made() == 0
    assert ledger.artisan_available(db.session, catalog.potter.id, "VND") == Money(
        380_000, "VND")


def test_only_platform_admins_reach_payouts(client, sales):
    """S05: shoppers, artisans and cooperative admins get 404; so does a forged POST."""
    catalog = sales.catalog
    assert client.get("/admin/payouts/").status_code == 404
    for email in (sales.shopper.email, "weaver@example.com"):
        login(client, email)
        assert client.get("/admin/payouts/").status_code == 404
        forged = client.post("/admin/payouts/", data={
            "owed": f"{catalog.weaver.id}:IRR", "amount": "1",
            "csrf_token": csrf_token(client, "/")})
        assert forged.status_code == 404
        assert 'href="/admin/payouts/"' not in client.get("/").get_data(as_text=True)
        client.post("/account/logout", data={"csrf_token": csrf_token(client, "/")})
    assert payouts_made() == 0


def test_nothing_owed_says_so(client, shop):
    set_language(client, "en")
    login(client, shop.admin.email)
    page = client.get("/admin/payouts/").get_data(as_text=True)
    assert "The platform owes no artisan anything right now." in page
    assert not re.search(r'name="amount"', page)
