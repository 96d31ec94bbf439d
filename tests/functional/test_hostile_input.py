"""Every route, every role, hostile values everywhere: never a 5xx (S39).

The routes come from `app.url_map`, so a new page is walked the day it is added. Each route is
asked for with real ids (to reach the form handling behind the permission check) and with
hostile ones (ids past what an id column holds and past 64 bits, NUL, CRLF, 10 kB of text), by
an anonymous visitor and by every kind of account, with hostile query strings and hostile
values in every form field any form of the app has.
"""
from __future__ import annotations

from datetime import timedelta

import pytest
from flask_wtf import FlaskForm
from werkzeug.routing import AnyConverter, IntegerConverter

from marketplace.cooperatives import dividends, fairs, ledger, purchase_rounds, shares
from marketplace.core.money import Money
from marketplace.extensions import db, limiter
from marketplace.models import FairEventKind, FairLevel
from marketplace.models.base import utcnow
from tests import factories
from tests.conftest import csrf_token, login
from tests.functional.checkout_helpers import TEHRAN, add_to_cart, checkout_from, place_order

HUGE = str(2**64 + 7)
PAST_ID = str(2**31)  # one past what an id column holds on PostgreSQL
HOSTILE_TEXT = ["x\x00y", "/\r\nLocation: https://evil.example", "€" * 3000]
HOSTILE_NUMBERS = ["0.4", HUGE, "-1", "1e309", "NaN", "۱۲٫۵", "0"]
HOSTILE_QUERIES = [
    {"page": str(10**18), "q": "کاسه)(\"*", "next": "/\r\nSet-Cookie: x=1", "sort": "price;",
     "currency": "XX", "lang": "zz", "ref": "'", "min_price": "1e309", "max_price": "-0.4",
     "category": "a" * 500, "province": "..", "in_stock": "maybe", "from": "9999-12-31",
     "to": "0001-01-01"},
    {"page": "-1", "q": "x\x00", "min_price": "0.4", "max_price": HUGE, "next": "//evil.example",
     "from": "2026-02-30", "to": HUGE, "county": "\x00", "village": "a" * 500},
]
# Plausible values for the fields that are not under attack, so a hostile number reaches the
# code that reads it instead of stopping at an unrelated invalid field.
PLAUSIBLE = {
    "email": "potter@example.com", "country": "IR", "record_date": "2026-01-01",
    "method": "bank_transfer", "lang": "en", "currency": "IRR", "next": "/", "name": "Leila",
    "address": "Kargar St 12", "city": "Tehran", "postcode": "1411713114", "reason": "fake",
    "carrier": "Post", "tracking_number": "X1", "title_fa": "گلیم", "password": "a" * 12,
    "display_name": "Leila", "decision": "approve", "confirm": "y",
    "opens_on": "2030-01-01", "closes_on": "2030-01-05", "deadline_on": "2030-01-01",
    "day": "2030-01-01", "opens_time": "10:00", "closes_time": "18:00", "starts": "10:00",
    "ends": "11:00", "deadline_time": "18:00", "timezone": "Asia/Tehran", "level": "county",
    "kind": "talk", "material": "wool", "unit": "kg", "step": "ordered", "applicant": "artisan",
}
NUMERIC = {"amount", "price", "stock", "quantity", "percent", "prep_days", "length_cm",
           "width_cm", "height_cm", "weight_g", "rate", "seen_stock", "booth_count",
           "features_per_booth", "minimum", "delivery_cost", "tier1_from", "tier1_price",
           "tier2_from", "tier2_price", "tier3_from", "tier3_price", "tier4_from", "tier4_price"}
CHOSEN_IDS = {"listing_id", "artisan", "shareholder", "giver", "receiver", "category",
              "cooperative", "owed", "organiser", "province", "booth", "member", "listings"}


def _form_field_names() -> set[str]:
    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return {name for form in subclasses(FlaskForm) for name in dir(form)
            if hasattr(getattr(form, name), "field_class")}


@pytest.fixture
def world(app, shop):
    """Something of every kind for the ids in the URLs: an order, a dividend, a report."""
    catalog = shop.catalog
    factories.coop_admin(db.session, catalog.coop, "coop-admin@example.com")
    holder = shares.register_shareholder(db.session, cooperative=catalog.coop, country_code="DE",
                                         user=factories.user(db.session, "holder@example.com"))
    shares.issue(db.session, cooperative=catalog.coop, shareholder=holder, quantity=10)
    ledger.post_sale(db.session, reference="order:walk", artisan_id=catalog.weaver.id,
                     lines=[ledger.SaleLine(catalog.kilim.id, Money(125_000_000, "IRR"), 500,
                                            catalog.coop.id, catalog.coop.commission_bps)])
    dividends.declare(db.session, cooperative=catalog.coop, amount=Money(1_000_000, "IRR"))
    # A fair of the cooperative under its slug (the walk puts one slug in every URL), with an
    # accepted booth, an event and a purchase round with a commitment: ids 1 reach their forms.
    fair = fairs.create_fair(db.session, organiser=catalog.coop, slug=catalog.coop.slug,
                             data=fairs.FairInput(
                                 name_fa="بازارچه", name_en="Bazaar", level=FairLevel.COUNTY,
                                 province=catalog.province, timezone="Asia/Tehran",
                                 opens_at=utcnow() - timedelta(days=1), closes_at=None,
                                 permanent=True, booth_count=10))
    booth = fairs.apply(db.session, fair=fair, artisan=catalog.weaver)
    fairs.decide(db.session, booth=booth, accept=True)
    fairs.add_event(db.session, fair=fair, kind=FairEventKind.TALK, title_fa="گفت‌وگو",
                    title_en="Talk", starts_at=utcnow(), ends_at=utcnow() + timedelta(hours=1))
    purchase = factories.wool_round(db.session, catalog.coop)
    purchase_rounds.commit(db.session, purchase=purchase, artisan=catalog.weaver, quantity=60)
    db.session.commit()
    buyer = app.test_client()
    login(buyer, shop.shopper.email)
    add_to_cart(buyer, catalog.kilim, "1")
    checkout = checkout_from(place_order(buyer, method="bank_transfer", address=TEHRAN))
    return {"checkout": checkout, "slug": catalog.coop.slug, "weaver": catalog.weaver.id,
            "holder": holder.id}


def _urls(rule, world) -> list[str]:
    """The rule with real values, then with hostile ones."""
    real, hostile = {}, {}
    for name in rule.arguments:
        converter = rule._converters[name]
        if isinstance(converter, AnyConverter):
            choice = sorted(converter.items)[0]
            real[name] = hostile[name] = choice
        elif isinstance(converter, IntegerConverter):
            real[name], hostile[name] = "1", PAST_ID
        elif name == "public_id":
            real[name], hostile[name] = world["checkout"].public_id, "x\x00y"
        elif name == "slug":
            real[name], hostile[name] = world["slug"], "a\r\nb"
        else:
            real[name], hostile[name] = "maryam-ahmadi", "%00" + "a" * 300
    return list(dict.fromkeys(rule.build(values)[1] for values in (real, hostile)))


def _payloads(fields: set[str], rule, world) -> list[dict]:
    prefixes = [""] + [f"{item}-" for name in rule.arguments
                       if isinstance(rule._converters[name], AnyConverter)
                       for item in rule._converters[name].items]
    plausible = {**PLAUSIBLE, "artisan": str(world["weaver"]), "owed": f"{world['weaver']}:IRR",
                 "shareholder": str(world["holder"]), "giver": str(world["holder"]),
                 "receiver": str(world["holder"]), "category": "1", "listing_id": "1"}

    def payload(numbers: str | None = None, ids: str | None = None, text: str | None = None
                ) -> dict:
        values = {}
        for prefix in prefixes:
            for name in fields:
                hostile = (numbers if name in NUMERIC else ids if name in CHOSEN_IDS else text)
                values[prefix + name] = hostile if hostile is not None else plausible.get(name, "1")
        return values

    return ([payload(numbers=number) for number in HOSTILE_NUMBERS]
            + [payload(ids=value) for value in (HUGE, PAST_ID, "-1", "x:IRR")]
            + [payload(text=text) for text in HOSTILE_TEXT])


ROLES = [None, "leila@example.com", "weaver@example.com", "coop-admin@example.com",
         "admin@example.com", "holder@example.com"]


@pytest.mark.parametrize("role", ROLES)
def test_no_route_answers_a_hostile_request_with_a_server_error(app, world, role):
    """S39: every registered route, as every role, with hostile ids, queries and form values."""
    limiter.enabled = False  # a 429 would hide what lies behind it
    fields = _form_field_names()
    failures = []
    client = app.test_client()
    if role:
        login(client, role)
    token = csrf_token(client, "/")

    def check(method: str, url: str, response, detail: object = "") -> None:
        if response.status_code >= 500:
            failures.append((role, method, url, detail, response.status_code))

    # Signing out ends the role's walk, so it comes last.
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint == "accounts.logout"):
        methods = rule.methods - {"HEAD", "OPTIONS"}
        real_url, *hostile_urls = _urls(rule, world)
        for url in [real_url, *hostile_urls]:
            if "GET" in methods:
                for query in HOSTILE_QUERIES:
                    check("GET", url, client.get(url, query_string=query), query)
            if "POST" in methods:
                payloads = _payloads(fields, rule, world) if url == real_url else [{}]
                for payload in payloads:
                    response = client.post(url, data={**payload, "csrf_token": token},
                                           query_string={"next": "/\r\nX: y"})
                    check("POST", url, response, sorted(set(payload.values()))[:2])
                check("POST json", url, client.post(
                    url, json={"token": "tok_\x00", "amount": 0.4},
                    headers={"X-CSRFToken": token}))
    where = sorted({f"{method} {url} as {role}" for role, method, url, *_ in failures})
    assert not failures, "\n".join([*where, *map(repr, failures[:5])])
