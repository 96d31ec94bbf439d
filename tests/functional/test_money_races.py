"""Ten admins (or ten tabs) pressing the same money button at once change the books once (S35).

Each test sends ten identical requests through the real views at the same moment (threads on a
SQLite file, processes on PostgreSQL; tests/race.py), then checks the books with `ledger.verify`.
"""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.cooperatives import dividends, ledger, shares
from marketplace.core.money import Money
from marketplace.extensions import db
from marketplace.models import (
    Account,
    ArtisanProfile,
    Dividend,
    LedgerTransaction,
    Listing,
    Order,
    OrderStatus,
    ShareMovement,
    TransactionKind,
)
from tests import factories
from tests.conftest import csrf_token, login, set_language
from tests.functional.checkout_helpers import TEHRAN, add_to_cart, checkout_from, place_order
from tests.race import call_at_once, post_at_once

pytestmark = pytest.mark.shared_database

# The weaver's kilim sells for 12,500,000 toman: 10 % to the cooperative, 5 % to the platform.
SALE = Money(125_000_000, "IRR")
COOP_EARNS = 1_250_000  # toman
WEAVER_OWED = 10_625_000  # toman


@pytest.fixture
def books(shop):
    """One sale on the books; a cooperative admin; two shareholders with 50 and 20 shares."""
    catalog = shop.catalog
    ledger.post_sale(db.session, reference="order:sold-before", artisan_id=catalog.weaver.id,
                     lines=[ledger.SaleLine(catalog.kilim.id, SALE, 500, catalog.coop.id,
                                            catalog.coop.commission_bps)])
    factories.coop_admin(db.session, catalog.coop, "coop-admin@example.com")
    holders = []
    for email, quantity in (("reza@example.com", 50), ("sara@example.com", 20)):
        holder = shares.register_shareholder(
            db.session, cooperative=catalog.coop, country_code="IR",
            user=factories.user(db.session, email))
        shares.issue(db.session, cooperative=catalog.coop, shareholder=holder, quantity=quantity)
        holders.append(holder)
    db.session.commit()
    return shop, holders


def count(kind: TransactionKind) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(LedgerTransaction)
                             .where(LedgerTransaction.kind == kind))


def books_balance() -> None:
    db.session.expire_all()
    assert ledger.verify(db.session) == []


def as_coop_admin(client):
    set_language(client, "en")
    login(client, "coop-admin@example.com")


def test_ten_dividends_declared_at_once_never_exceed_retained_earnings(app, client, books):
    """S35: 10 declarations of 1,000,000 toman against 1,250,000 retained: exactly one."""
    shop, _ = books
    as_coop_admin(client)
    codes = post_at_once(app, client, f"/coop/{shop.catalog.coop.slug}/admin/dividends",
                         {"amount": "1000000"})
    assert all(code < 500 for code in codes), codes
    assert db.session.scalar(select(func.count()).select_from(Dividend)) == 1
    assert ledger.retained_earnings(db.session, shop.catalog.coop.id, "IRR") == Money(
        (COOP_EARNS - 1_000_000) * 10, "IRR")
    books_balance()


def test_ten_cooperative_payouts_at_once_never_exceed_what_is_owed(app, client, books):
    """S35: 10 payouts of 6,000,000 toman to a member owed 10,625,000: exactly one."""
    shop, _ = books
    as_coop_admin(client)
    codes = post_at_once(app, client, f"/coop/{shop.catalog.coop.slug}/admin/members/payout",
                         {"artisan": str(shop.catalog.weaver.id), "amount": "6000000"})
    assert all(code < 500 for code in codes), codes
    assert count(TransactionKind.PAYOUT) == 1
    assert ledger.artisan_available(db.session, shop.catalog.weaver.id, "IRR") == Money(
        (WEAVER_OWED - 6_000_000) * 10, "IRR")
    books_balance()


def test_ten_platform_payouts_at_once_never_exceed_what_is_owed(app, client, books):
    """S35: the platform admin's payout screen, pressed ten times at once, pays once."""
    shop, _ = books
    set_language(client, "en")
    login(client, shop.admin.email)
    codes = post_at_once(app, client, "/admin/payouts/",
                         {"owed": f"{shop.catalog.weaver.id}:IRR", "amount": "6000000"})
    assert all(code < 500 for code in codes), codes
    assert count(TransactionKind.PAYOUT) == 1
    books_balance()


def test_ten_redemptions_of_the_last_shares_leave_none_below_zero(app, client, books):
    """S35: ten redemptions of a holder's 50 shares at once: one goes through, holding 0."""
    shop, (reza, _) = books
    as_coop_admin(client)
    codes = post_at_once(app, client, f"/coop/{shop.catalog.coop.slug}/admin/shares/redeem",
                         {"redeem-shareholder": str(reza.id), "redeem-quantity": "50"})
    assert all(code < 500 for code in codes), codes
    db.session.expire_all()
    assert shares.holding(db.session, reza) == 0
    assert all(row.shares >= 0 for row in shares.cap_table(db.session, shop.catalog.coop))


def test_ten_transfers_of_all_of_a_holders_shares_move_them_once(app, client, books):
    """S35: ten transfers of Sara's 20 shares (all she has) to Reza: exactly one."""
    shop, (reza, sara) = books
    as_coop_admin(client)
    codes = post_at_once(app, client, f"/coop/{shop.catalog.coop.slug}/admin/shares/transfer",
                         {"transfer-giver": str(sara.id), "transfer-receiver": str(reza.id),
                          "transfer-quantity": "20"})
    assert all(code < 500 for code in codes), codes
    db.session.expire_all()
    assert (shares.holding(db.session, sara), shares.holding(db.session, reza)) == (0, 70)


def test_ten_issues_at_once_are_all_recorded(app, client, books):
    """S35: issuing has no ceiling; ten at once are ten movements and nobody gets a 500."""
    shop, (reza, _) = books
    as_coop_admin(client)
    codes = post_at_once(app, client, f"/coop/{shop.catalog.coop.slug}/admin/shares/issue",
                         {"issue-shareholder": str(reza.id), "issue-quantity": "5"})
    assert codes == [302] * 10
    db.session.expire_all()
    assert shares.holding(db.session, reza) == 100
    assert db.session.scalar(select(func.count()).select_from(ShareMovement)) == 12


def test_ten_marks_of_one_dividend_paid_pay_it_once(app, client, books):
    """S35: the "paid" button of one shareholder's dividend, pressed ten times: one payment."""
    shop, _ = books
    dividend = dividends.declare(db.session, cooperative=shop.catalog.coop,
                                 amount=Money(7_000_000, "IRR"))
    db.session.commit()
    allocation = dividend.allocations[0]
    as_coop_admin(client)
    codes = post_at_once(
        app, client,
        f"/coop/{shop.catalog.coop.slug}/admin/dividends/allocations/{allocation.id}/paid", {})
    assert all(code < 500 for code in codes), codes
    assert count(TransactionKind.DIVIDEND_PAYMENT) == 1
    books_balance()


def test_ten_refunds_of_one_order_at_once_refund_it_once(app, client, shop):
    """S35: an artisan's "cancel and refund" pressed ten times: one refund, stock back once."""
    login(client, shop.shopper.email)
    add_to_cart(client, shop.catalog.kilim, "1")
    checkout = checkout_from(place_order(client, method="bank_transfer", address=TEHRAN))
    order_id = checkout.orders[0].id
    artisan = app.test_client()
    login(artisan, "weaver@example.com")
    artisan.post(f"/studio/orders/{order_id}/confirm-payment",
                 data={"csrf_token": csrf_token(artisan, "/studio/orders/")})
    stock_before = db.session.get(Listing, shop.catalog.kilim.id).stock
    codes = post_at_once(app, artisan, f"/studio/orders/{order_id}/refund", {})
    assert all(code < 500 for code in codes), codes
    db.session.expire_all()
    assert db.session.get(Order, order_id).status == OrderStatus.REFUNDED
    assert count(TransactionKind.REFUND) == 1
    assert db.session.get(Listing, shop.catalog.kilim.id).stock == stock_before + 1
    books_balance()


def first_sale_in_euros(index: int) -> None:
    weaver = db.session.scalar(select(ArtisanProfile).where(ArtisanProfile.slug == "maryam-ahmadi"))
    ledger.post_sale(db.session, reference=f"order:eur-{index}", artisan_id=weaver.id,
                     lines=[ledger.SaleLine(None, Money(10_000, "EUR"), 500)])


def test_ten_first_sales_in_a_new_currency_open_its_accounts_once(app, shop):
    """S35: the books' first euro sales, ten at once, all post; each account exists once."""
    outcomes = call_at_once(app, first_sale_in_euros)
    assert outcomes == ["ok"] * 10
    assert count(TransactionKind.SALE) == 10
    assert db.session.scalar(select(func.count()).select_from(Account)
                             .where(Account.currency == "EUR")) == 3  # cash, fees, payable
    books_balance()
