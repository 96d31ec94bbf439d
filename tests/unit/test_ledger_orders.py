"""A paid order, placed through the shop's own checkout, posts one balanced sale (S24, S29)."""
from __future__ import annotations

from datetime import timedelta

from config import Config
from marketplace.cli.ledger import ledger_commands
from marketplace.commerce import carts, ordering, referrals
from marketplace.commerce.hold_limits import HoldLimits
from marketplace.cooperatives import ledger, shares
from marketplace.extensions import db
from marketplace.models import AccountKind, PaymentMethod
from tests import factories

LIMITS = HoldLimits.from_config(vars(Config))  # the shipped defaults


def paid_order(catalog, buyer, *, ref: str | None = None, quantity: int = 2):
    cart = carts.find_or_create(db.session, user_id=buyer.id, token=None)
    carts.add(db.session, cart, catalog.kilim.id, quantity, buyer_id=buyer.id)
    checkout = ordering.start_checkout(
        db.session, buyer_id=buyer.id, cart=cart,
        address=ordering.Address(name="Maryam", address="Imam St 12", city="Tabriz",
                                 postcode="5155", country="IR"),
        method=PaymentMethod.BANK_TRANSFER, currency="IRR", rates={},
        policy=factories.checkout_policy(hold=timedelta(hours=72), limits=LIMITS))
    referrals.attribute_checkout(db.session, checkout=checkout, code=ref)
    (order,) = checkout.orders
    ordering.mark_order_paid(db.session, order, source="test")
    return order


def test_paid_order_posts_its_split_once_and_credits_the_ambassador(app, catalog):
    buyer = factories.user(db.session, "buyer@example.com")
    abroad = shares.register_shareholder(
        db.session, cooperative=catalog.coop, country_code="DE",
        user=factories.user(db.session, "abroad@example.com"))
    order = paid_order(catalog, buyer, ref=abroad.referral_code)
    first = ledger.post_order_paid(db.session, order)  # already posted when it was paid
    assert ledger.post_order_paid(db.session, order).id == first.id
    assert first.ambassador_id == abroad.id
    gross = 2 * catalog.kilim.price_minor + order.shipping_minor
    by_kind = {}
    for entry in first.entries:
        by_kind[entry.account.kind] = by_kind.get(entry.account.kind, 0) + entry.amount_minor
    assert by_kind[AccountKind.PLATFORM_CASH] == gross
    assert -by_kind[AccountKind.COOP_EARNINGS] == 25_000_000  # 10 % of 250,000,000
    assert -by_kind[AccountKind.PLATFORM_FEES] == 12_500_000  # 5 %
    split = ledger.order_split(db.session, order)
    assert split.gross.amount_minor == gross
    assert split.artisan.amount_minor == -by_kind[AccountKind.ARTISAN_PAYABLE]
    assert ledger.verify(db.session) == []


def test_own_referral_code_and_unknown_codes_count_for_nothing(app, catalog):
    buyer = factories.user(db.session, "buyer@example.com")
    mine = shares.register_shareholder(db.session, cooperative=catalog.coop, country_code="DE",
                                       user=buyer)
    order = paid_order(catalog, buyer, ref=mine.referral_code, quantity=1)
    assert referrals.ambassador_for(db.session, order.checkout_id) is None
    assert referrals.attribute_checkout(db.session, checkout=order.checkout, code="NOPE") is None


def test_paying_posts_the_sale_and_refunding_reverses_it(app, catalog):
    """S29: the paid hook posts once; a refund posts the reversal; the books balance."""
    buyer = factories.user(db.session, "buyer@example.com")
    order = paid_order(catalog, buyer, quantity=1)
    db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(ledger_commands, ["verify"])
    assert result.exit_code == 0 and "Ledger OK: 1 transactions" in result.output
    assert ledger.artisan_available(db.session, catalog.weaver.id, "IRR").amount_minor > 0
    ordering.refund_order(db.session, order)
    db.session.commit()
    assert "Ledger OK: 2 transactions" in runner.invoke(ledger_commands, ["verify"]).output
    assert ledger.artisan_available(db.session, catalog.weaver.id, "IRR").amount_minor == 0


def test_rates_are_locked_when_the_order_is_placed(app, catalog):
    """A commission or fee change after purchase does not change what the order posts."""
    buyer = factories.user(db.session, "buyer@example.com")
    cart = carts.find_or_create(db.session, user_id=buyer.id, token=None)
    carts.add(db.session, cart, catalog.kilim.id, 1, buyer_id=buyer.id)
    checkout = ordering.start_checkout(
        db.session, buyer_id=buyer.id, cart=cart,
        address=ordering.Address(name="Maryam", address="Imam St 12", city="Tabriz",
                                 postcode="5155", country="IR"),
        method=PaymentMethod.BANK_TRANSFER, currency="IRR", rates={},
        policy=factories.checkout_policy(hold=timedelta(hours=72), limits=LIMITS))
    (order,) = checkout.orders
    catalog.coop.commission_bps = 3000
    ordering.mark_order_paid(db.session, order, source="test")
    split = ledger.order_split(db.session, order)
    assert split.cooperative.amount_minor == catalog.kilim.price_minor // 10
    assert split.platform.amount_minor == catalog.kilim.price_minor // 20
