"""Impact for everyone, analytics for sellers and cooperatives, and the counters behind them."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event, inspect, select

from marketplace.commerce import ordering
from marketplace.extensions import db
from marketplace.insights import provenance
from marketplace.models import DailyCounter, MembershipStatus
from tests import factories
from tests.conftest import csrf_token, login, set_language
from tests.functional.checkout_helpers import (
    ADDRESS,
    TEHRAN,
    add_to_cart,
    checkout_from,
    place_order,
    set_currency,
)


def sell(buyer, listing, *, abroad: bool = False, quantity: str = "1"):
    """The shopper buys through the site (from Tehran by bank transfer, or from Berlin by card
    in euros); the order is then confirmed paid, as the seller or Stripe would."""
    set_currency(buyer, "EUR" if abroad else "IRR")
    add_to_cart(buyer, listing, quantity)
    checkout = checkout_from(place_order(buyer, method="card" if abroad else "bank_transfer",
                                         address=ADDRESS if abroad else TEHRAN))
    for order in checkout.orders:
        ordering.mark_order_paid(db.session, order, source="test")
    db.session.commit()
    return checkout


@pytest.fixture
def buyer(app, shop):
    client = app.test_client()
    login(client, shop.shopper.email)
    return client


@pytest.fixture
def sold(shop, buyer):
    sell(buyer, shop.catalog.kilim, quantity="2")
    sell(buyer, shop.catalog.kilim, abroad=True)
    sell(buyer, shop.catalog.bowl)
    return shop


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_anyone_sees_where_the_money_went_filtered_to_a_province(client, sold, lang):
    set_language(client, lang)
    page = client.get("/impact/?province=east-azerbaijan")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="places-table"' in html and "<svg" in html
    data = client.get("/impact/data.json?province=east-azerbaijan").get_json()
    assert [p["slug"] for p in data["places"]] == ["jolfa-county"]
    assert data["earned_by_artisans"] == [{"currency": "IRR", "amount": "318750000",
                                           "amount_minor": 318_750_000}]  # 3 × 85 % of 125M
    assert data["active_artisans"] == 1 and data["women_led_shops"] == 1
    assert data["domestic_sales"][0]["amount_minor"] == 250_000_000
    assert data["foreign_sales"][0]["amount_minor"] == 125_000_000
    everywhere = client.get("/impact/data.json").get_json()
    assert {p["slug"] for p in everywhere["places"]} == {"east-azerbaijan", "hanoi"}


def test_impact_downloads_as_csv(client, sold):
    rows = list(csv.reader(io.StringIO(client.get("/impact/places.csv").get_data(as_text=True))))
    assert rows[0][:4] == ["level", "slug", "name", "currency"]
    assert {row[1] for row in rows[1:]} == {"east-azerbaijan", "hanoi"}
    summary = client.get("/impact/summary.csv").get_data(as_text=True)
    assert "active_artisans,2" in summary


def test_a_cooperative_has_the_same_view_for_itself(client, sold):
    data = client.get(f"/impact/cooperatives/{sold.catalog.coop.slug}/data.json").get_json()
    assert data["paid_out_to_artisans"] is None  # payouts are to artisans, not per cooperative
    assert data["sales"] == [{"currency": "IRR", "amount": "375000000",
                              "amount_minor": 375_000_000}]
    assert client.get(f"/impact/cooperatives/{sold.catalog.coop.slug}").status_code == 200
    assert client.get("/impact/cooperatives/nope").status_code == 404
    assert client.get("/impact/?province=nowhere").status_code == 404


def test_refunds_and_payouts_show_as_the_ledger_has_them(app, client, sold):
    from marketplace.cooperatives import ledger
    from marketplace.core.money import Money

    weaver = sold.catalog.weaver
    ledger.record_payout(db.session, artisan=weaver, amount=Money(100_000_000, "IRR"),
                         reference="payout:t1")
    db.session.commit()
    data = client.get("/impact/data.json").get_json()
    assert data["paid_out_to_artisans"] == [{"currency": "IRR", "amount": "100000000",
                                             "amount_minor": 100_000_000}]


def test_views_are_counted_by_the_beacon_and_carts_by_the_cart_without_personal_data(
        app, client, shop):
    """Counters hold a number per listing and day: no address, account or cookie."""
    kilim = shop.catalog.kilim
    login(client, shop.shopper.email)
    listing_page = client.get(f"/listings/{kilim.id}").get_data(as_text=True)
    assert f'data-count-url="/counters/listing/{kilim.id}/view"' in listing_page
    for _ in range(3):
        assert client.post(f"/counters/listing/{kilim.id}/view",
                           environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code == 204
    add_to_cart(client, kilim, "1")
    counts = {row.event: row.count for row in db.session.scalars(select(DailyCounter))}
    assert counts == {"view": 3, "cart": 1}
    columns = {c["name"] for c in inspect(db.engine).get_columns("daily_counter")}
    assert columns == {"id", "subject", "subject_id", "day", "event", "count"}
    stored = [str(value) for row in db.session.execute(select(DailyCounter.__table__)).all()
              for value in row]
    assert not any(secret in value for value in stored
                   for secret in ("203.0.113", shop.shopper.email, str(shop.shopper.id) + ":"))


def test_the_beacon_refuses_gets_other_sites_and_unknown_listings(client, shop):
    """S15: counting is a POST; a post from another site or for a draft is not counted."""
    kilim = shop.catalog.kilim
    assert client.get(f"/counters/listing/{kilim.id}/view").status_code == 405
    assert client.post(f"/counters/listing/{kilim.id}/view",
                       headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert client.post(f"/counters/listing/{shop.catalog.draft.id}/view").status_code == 404
    assert db.session.scalar(select(DailyCounter)) is None


def test_the_artisan_sees_sales_and_the_funnel_and_declares_her_shop(app, client, sold):
    login(client, "weaver@example.com")
    client.post(f"/counters/listing/{sold.catalog.kilim.id}/view")
    set_language(client, "en")
    page = client.get("/studio/analytics").get_data(as_text=True)
    assert "Handwoven Jolfa kilim" in page and 'id="funnel"' in page
    rows = list(csv.DictReader(io.StringIO(
        client.get("/studio/analytics.csv").get_data(as_text=True))))
    kilim = next(row for row in rows if row["listing_id"] == str(sold.catalog.kilim.id))
    assert (kilim["units"], kilim["orders"], kilim["views"], kilim["carts"]) == \
        ("3", "2", "1", "2")
    token = csrf_token(client, "/studio/analytics")
    assert client.post("/studio/women-led", data={"csrf_token": token}).status_code == 302
    assert sold.catalog.weaver.women_led is False


def test_the_cooperative_confirms_a_members_declaration_and_exports_its_analysis(
        app, client, sold):
    coop = sold.catalog.coop
    factories.coop_admin(db.session, coop, "coop-admin@example.com")
    db.session.commit()
    login(client, "coop-admin@example.com")
    membership = next(m for m in coop.memberships if m.status == MembershipStatus.ACTIVE)
    token = csrf_token(client, f"/coop/{coop.slug}/admin/members")
    response = client.post(f"/coop/{coop.slug}/admin/members/{membership.id}/women-led",
                           data={"csrf_token": token})
    assert response.status_code == 302
    assert sold.catalog.weaver.women_led_confirmed_by_id == coop.id
    assert client.get("/impact/data.json").get_json()["women_led_confirmed"] == 1
    page = client.get(f"/coop/{coop.slug}/admin/analytics").get_data(as_text=True)
    assert 'id="by-member"' in page and 'id="by-region"' in page
    for table in ("members", "categories", "regions"):
        body = client.get(f"/coop/{coop.slug}/admin/analytics/{table}.csv").get_data(as_text=True)
        assert "375000000" in body, table


def test_other_artisans_and_cooperatives_get_404(app, client, sold):
    """S02, S03: another shop's analytics and another cooperative's analysis and
    confirmations are not reachable."""
    other = factories.other_cooperative(db.session, sold.catalog)
    factories.coop_admin(db.session, other, "other-admin@example.com")
    db.session.commit()
    login(client, "other-admin@example.com")
    coop = sold.catalog.coop
    membership = coop.memberships[0]
    token = csrf_token(client, f"/coop/{other.slug}/admin/members")
    assert client.get(f"/coop/{coop.slug}/admin/analytics").status_code == 404
    assert client.get(f"/coop/{coop.slug}/admin/analytics/members.csv").status_code == 404
    assert client.post(f"/coop/{other.slug}/admin/members/{membership.id}/women-led",
                       data={"csrf_token": token}).status_code == 404
    assert client.get("/studio/analytics").status_code == 404  # not an artisan
    assert sold.catalog.weaver.women_led_confirmed_by_id is None


def test_shareholders_see_the_cooperatives_impact_beside_their_dividends(app, client, sold):
    from marketplace.cooperatives import shares

    holder = factories.user(db.session, "holder@example.com")
    shares.register_shareholder(db.session, cooperative=sold.catalog.coop, user=holder,
                                country_code="DE")
    db.session.commit()
    login(client, "holder@example.com")
    set_language(client, "en")
    page = client.get("/me/holdings").get_data(as_text=True)
    assert "What the cooperative did, last 12 months" in page
    assert f"/impact/cooperatives/{sold.catalog.coop.slug}" in page


@contextmanager
def counted() -> Iterator[list[str]]:
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def statements(client, path: str) -> list[str]:
    assert client.get(path).status_code == 200
    with counted() as seen:
        assert client.get(path).status_code == 200
    return seen


@pytest.mark.parametrize(("who", "path", "budget"), [
    (None, "/impact/", 12), (None, "/impact/?province=east-azerbaijan", 14),
    ("weaver@example.com", "/studio/analytics", 16),
    ("coop-admin@example.com", "/coop/jolfa-handicrafts/admin/analytics", 16),
])
def test_insight_pages_cost_the_same_few_statements_however_much_was_sold(
        app, client, shop, buyer, who, path, budget):
    """Pre-aggregated daily rows: ten times the orders, not one statement more."""
    factories.coop_admin(db.session, shop.catalog.coop, "coop-admin@example.com")
    shop.catalog.kilim.stock = 100
    db.session.commit()
    if who:
        login(client, who)
    sell(buyer, shop.catalog.kilim)
    few = statements(client, path)
    for _ in range(9):
        sell(buyer, shop.catalog.kilim)
    sell(buyer, shop.catalog.bowl, abroad=True)
    many = statements(client, path)
    assert len(few) == len(many) <= budget, "\n\n".join(many)


def test_delivering_through_the_site_uses_the_apps_key(app, shop, buyer):
    checkout = sell(buyer, shop.catalog.kilim)
    order = checkout.orders[0]
    ordering.ship(db.session, order, carrier="Post", tracking_number="X")
    ordering.deliver(db.session, order, signer=provenance.signer(app))
    db.session.commit()
    keys = provenance.keys_document(db.session, provenance.signer(app).public_key)["keys"]
    assert list(keys) == [provenance.signer(app).key_id]
