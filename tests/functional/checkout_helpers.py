"""What a shopper does in the browser, as test helpers."""
from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy import select

from marketplace.commerce import ordering
from marketplace.extensions import db
from marketplace.models import Checkout
from tests.conftest import csrf_token

ADDRESS = {"name": "Leila Karimi", "address": "Kargar St 12", "city": "Berlin",
           "postcode": "10115", "country": "DE", "phone": ""}
TEHRAN = {**ADDRESS, "city": "Tehran", "country": "IR", "postcode": "1411713114"}


def set_currency(client: FlaskClient, code: str) -> None:
    client.post("/cart/currency", data={"currency": code, "next": "/",
                                        "csrf_token": csrf_token(client, "/")})


def add_to_cart(client: FlaskClient, listing, quantity="1", **extra):
    data = {"listing_id": listing.id if hasattr(listing, "id") else listing,
            "quantity": quantity, "csrf_token": csrf_token(client, "/"), **extra}
    return client.post("/cart/add", data=data)


def place_order(client: FlaskClient, method: str = "card", address: dict | None = None, **extra):
    data = {**(address or ADDRESS), "method": method, **extra,
            "csrf_token": csrf_token(client, "/cart/")}
    return client.post("/checkout/", data=data)


def checkout_from(response) -> Checkout:
    public_id = re.search(r"/checkout/([\w-]+)$", response.headers["Location"]).group(1)
    return db.session.scalar(select(Checkout).where(Checkout.public_id == public_id))


def pay_with_token(client: FlaskClient, checkout: Checkout, token: str,
                   amount: int | None = None):
    """Press Pay: the page sends the token and the total on its button (what is due by default)."""
    if amount is None:
        amount = ordering.amount_due(checkout).amount_minor
    return client.post(f"/checkout/{checkout.public_id}/card",
                       json={"token": token, "amount": amount},
                       headers={"X-CSRFToken": csrf_token(client, "/")})


def deliver_webhook(client: FlaskClient, event):
    return client.post("/checkout/webhooks/stripe", data=event.body,
                       headers={"Stripe-Signature": event.signature,
                                "Content-Type": "application/json"})
