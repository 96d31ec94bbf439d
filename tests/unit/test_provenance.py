"""Certificates of origin: issued with the delivery, signed, checked, and kept valid across a
key rotation (S49)."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from config import Config
from marketplace.commerce import carts, fx, ordering
from marketplace.commerce.hold_limits import HoldLimits
from marketplace.core import signing
from marketplace.extensions import db
from marketplace.insights import provenance
from marketplace.models import Order, OriginCertificate, PaymentMethod, SigningKey
from tests import factories

TEHRAN = ordering.Address("Leila", "Kargar St", "Tehran", "", "IR")


def shipped_order(shop, *items) -> Order:
    """A paid and shipped order of the shopper's, made through the services."""
    cart = carts.find_or_create(db.session, user_id=shop.shopper.id, token=None)
    for listing, quantity in items:
        carts.add(db.session, cart, listing.id, quantity, buyer_id=shop.shopper.id)
    checkout = ordering.start_checkout(
        db.session, buyer_id=shop.shopper.id, cart=cart, address=TEHRAN,
        method=PaymentMethod.BANK_TRANSFER, currency="IRR", rates=fx.current_rates(db.session),
        policy=factories.checkout_policy(limits=HoldLimits.from_config(vars(Config))))
    order = checkout.orders[0]
    ordering.mark_order_paid(db.session, order, source="test")
    ordering.ship(db.session, order, carrier="Post", tracking_number="T1")
    db.session.commit()
    return order


def test_delivery_issues_a_signed_certificate_naming_the_piece_and_where_it_was_made(shop):
    """S49: delivering an order line issues a certificate that verifies with the published key."""
    catalog = shop.catalog
    key = signing.generate()
    order = shipped_order(shop, (catalog.kilim, 2))
    ordering.deliver(db.session, order, signer=key)
    db.session.commit()
    certificate = db.session.scalar(select(OriginCertificate))
    fields = provenance.document_of(certificate)["signed"]
    assert fields["number"] == certificate.number
    assert fields["piece"]["title"] == {"fa": "گلیم دست‌باف جلفا", "en": "Handwoven Jolfa kilim"}
    assert fields["piece"]["quantity"] == 2 and fields["piece"]["photos"]
    assert fields["made_in"]["village"]["name"]["en"] == "Jolfa"
    assert fields["made_in"]["province"]["name"]["en"] == "East Azerbaijan"
    assert fields["cooperative"]["name"]["en"] == "Jolfa Handicraft Cooperative"
    assert fields["artisan"]["name"]["en"] == "Maryam Ahmadi"
    assert fields["craft"]["en"] == "Kilim weaver"
    verdict = provenance.check(db.session, provenance.document_of(certificate))
    assert verdict.valid, verdict.reason


def test_the_certificate_is_written_in_the_deliverys_own_transaction(shop):
    """S49: a delivery that is rolled back (the request failed before its commit) leaves no
    certificate; a second delivery of the same order is refused and issues none."""
    order = shipped_order(shop, (shop.catalog.kilim, 1))
    ordering.deliver(db.session, order, signer=signing.generate())
    assert db.session.scalar(select(func.count()).select_from(OriginCertificate)) == 1
    with pytest.raises(ordering.InvalidTransition):
        ordering.deliver(db.session, order, signer=signing.generate())
    assert db.session.scalar(select(func.count()).select_from(OriginCertificate)) == 1
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(OriginCertificate)) == 0
    assert db.session.get(Order, order.id).status == "shipped"


def test_a_changed_village_fails_the_check(shop):
    """S49: any changed field fails, the village for one."""
    order = shipped_order(shop, (shop.catalog.kilim, 1))
    ordering.deliver(db.session, order, signer=signing.generate())
    db.session.commit()
    document = provenance.document_of(db.session.scalar(select(OriginCertificate)))
    document["signed"]["made_in"]["village"]["name"]["en"] = "Tabriz"
    verdict = provenance.check(db.session, json.loads(json.dumps(document)))
    assert not verdict.valid and verdict.code == "signature"


def test_certificates_signed_before_a_rotation_still_verify(shop):
    """S49: rotating the key (a new active key) leaves older certificates valid: every public
    key that signed stays published."""
    catalog = shop.catalog
    old, new = signing.generate(), signing.generate()
    first = shipped_order(shop, (catalog.kilim, 1))
    ordering.deliver(db.session, first, signer=old)
    db.session.commit()
    second = shipped_order(shop, (catalog.kilim, 1))
    ordering.deliver(db.session, second, signer=new)
    db.session.commit()
    certificates = db.session.scalars(select(OriginCertificate).order_by(OriginCertificate.id))
    assert [c.key_id for c in certificates] == [old.key_id, new.key_id]
    for certificate in db.session.scalars(select(OriginCertificate)):
        assert provenance.check(db.session, provenance.document_of(certificate),
                                active=new.public_key).valid
    published = provenance.keys_document(db.session, new.public_key)["keys"]
    assert set(published) == {old.key_id, new.key_id}
    assert published[new.key_id]["active"] and not published[old.key_id]["active"]


def test_the_private_key_is_in_nothing_published_or_stored(shop):
    """S49: the signing key never leaves the server: not in the database, the keys document
    or a certificate."""
    key = signing.generate()
    order = shipped_order(shop, (shop.catalog.kilim, 1))
    ordering.deliver(db.session, order, signer=key)
    db.session.commit()
    secret = key.private_text()
    stored = [*db.session.scalars(select(OriginCertificate.document)),
              *db.session.scalars(select(SigningKey.public_key))]
    published = json.dumps(provenance.keys_document(db.session, key.public_key))
    assert all(secret not in text for text in [*stored, published])
    assert key.pem().decode().splitlines()[1] not in published
