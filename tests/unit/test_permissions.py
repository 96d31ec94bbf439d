"""Who may see and change what, asked of every role: a table per resource, one row per function.

Roles: anonymous, a shopper (the one who bought), the artisan (the weaver, member of Jolfa),
another artisan (the potter, member of Bat Trang), Jolfa's admin, Bat Trang's admin, a platform
admin, and a shareholder of Jolfa (S01-S05: every "no" here is a 404 in the views).
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask_login import AnonymousUserMixin

from marketplace import permissions
from marketplace.catalog import listings, moderation
from marketplace.commerce import carts, fx, ordering
from marketplace.cooperatives import dividends, ledger, shares
from marketplace.core.money import Money
from marketplace.extensions import db
from marketplace.models import ListingStatus, Membership, PaymentMethod
from tests import factories

ROLES = ("anonymous", "shopper", "artisan", "other_artisan", "coop_admin", "other_coop_admin",
         "platform_admin", "shareholder")


@dataclass
class World:
    people: dict
    catalog: factories.DemoCatalog
    membership: Membership
    shareholder: object
    allocation: object
    kilim_order: object
    bowl_order: object


@pytest.fixture
def world(shop) -> World:
    catalog = shop.catalog
    other = factories.other_cooperative(db.session, catalog)
    holder_user = factories.user(db.session, "holder@example.com", name="Reza Karimi")
    holder = shares.register_shareholder(db.session, cooperative=catalog.coop, user=holder_user,
                                         country_code="IR")
    shares.issue(db.session, cooperative=catalog.coop, shareholder=holder, quantity=10)
    ledger.post_sale(db.session, reference="order:earlier", artisan_id=catalog.weaver.id,
                     ambassador_id=None,
                     lines=[ledger.SaleLine(catalog.kilim.id, Money(125_000_000, "IRR"), 500,
                                            catalog.coop.id, catalog.coop.commission_bps)])
    dividend = dividends.declare(db.session, cooperative=catalog.coop,
                                 amount=Money(1_000_000, "IRR"))
    cart = carts.find_or_create(db.session, user_id=shop.shopper.id, token=None)
    carts.add(db.session, cart, catalog.kilim.id, 1, buyer_id=shop.shopper.id)
    carts.add(db.session, cart, catalog.bowl.id, 1, buyer_id=shop.shopper.id)
    checkout = ordering.start_checkout(
        db.session, buyer_id=shop.shopper.id, cart=cart,
        address=ordering.Address("Leila", "Kargar St", "Tehran", "", "IR"),
        method=PaymentMethod.BANK_TRANSFER, currency="IRR", rates=fx.current_rates(db.session),
        policy=factories.checkout_policy())
    by_seller = {order.artisan_id: order for order in checkout.orders}
    people = {
        "anonymous": AnonymousUserMixin(),
        "shopper": shop.shopper,
        "artisan": catalog.weaver.user,
        "other_artisan": catalog.potter.user,
        "coop_admin": factories.coop_admin(db.session, catalog.coop, "jolfa-admin@example.com"),
        "other_coop_admin": factories.coop_admin(db.session, other, "battrang-admin@example.com"),
        "platform_admin": shop.admin,
        "shareholder": holder_user,
    }
    db.session.commit()
    membership = next(m for m in catalog.coop.memberships if m.artisan_id == catalog.weaver.id)
    return World(people, catalog, membership, holder, dividend.allocations[0],
                 by_seller[catalog.weaver.id], by_seller[catalog.potter.id])


# (what is asked, how to ask it of the world, the roles that get a yes)
TABLE = [
    ("is_platform_admin", lambda w, u: permissions.is_platform_admin(u), {"platform_admin"}),
    ("can_edit_listing: the weaver's kilim",
     lambda w, u: permissions.can_edit_listing(u, w.catalog.kilim), {"artisan"}),
    ("can_edit_listing: the potter's draft",
     lambda w, u: permissions.can_edit_listing(u, w.catalog.draft), {"other_artisan"}),
    ("can_manage_cooperative: Jolfa",
     lambda w, u: permissions.can_manage_cooperative(u, w.catalog.coop), {"coop_admin"}),
    ("can_review_listing: the kilim under Jolfa",
     lambda w, u: permissions.can_review_listing(u, w.catalog.kilim), {"coop_admin"}),
    ("can_review_listing: the bowl under no cooperative",
     lambda w, u: permissions.can_review_listing(u, w.catalog.bowl), set()),
    ("can_manage_membership: the weaver in Jolfa",
     lambda w, u: permissions.can_manage_membership(u, w.membership), {"coop_admin"}),
    ("can_manage_shareholder: Jolfa's shareholder",
     lambda w, u: permissions.can_manage_shareholder(u, w.shareholder), {"coop_admin"}),
    ("can_pay_allocation: Jolfa's dividend",
     lambda w, u: permissions.can_pay_allocation(u, w.allocation), {"coop_admin"}),
    ("can_view_order: the kilim's order",
     lambda w, u: permissions.can_view_order(u, w.kilim_order), {"shopper"}),
    ("can_view_order: the bowl's order",
     lambda w, u: permissions.can_view_order(u, w.bowl_order), {"shopper"}),
    ("can_manage_order: the kilim's order (sold under Jolfa)",
     lambda w, u: permissions.can_manage_order(u, w.kilim_order),
     {"artisan", "coop_admin", "platform_admin"}),
    ("can_manage_order: the bowl's order (no cooperative)",
     lambda w, u: permissions.can_manage_order(u, w.bowl_order),
     {"other_artisan", "platform_admin"}),
]


@pytest.mark.parametrize(("question", "ask", "allowed"), TABLE, ids=[row[0] for row in TABLE])
def test_each_role_gets_exactly_the_answers_of_the_table(world, question, ask, allowed):
    """S01, S02, S03, S04, S05."""
    answers = {role: ask(world, world.people[role]) for role in ROLES}
    assert answers == {role: role in allowed for role in ROLES}


def test_the_shop_a_user_keeps_is_their_own_profile_or_none(world):
    shops = {role: permissions.artisan_of(world.people[role]) for role in ROLES}
    assert shops == {role: None for role in ROLES} | {"artisan": world.catalog.weaver,
                                                       "other_artisan": world.catalog.potter}


def test_nobody_signed_in_is_treated_as_anonymous(world):
    c = world.catalog
    answers = [
        permissions.is_platform_admin(None), permissions.artisan_of(None),
        permissions.can_edit_listing(None, c.kilim),
        permissions.can_manage_cooperative(None, c.coop),
        permissions.can_review_listing(None, c.kilim),
        permissions.can_manage_membership(None, world.membership),
        permissions.can_manage_shareholder(None, world.shareholder),
        permissions.can_pay_allocation(None, world.allocation),
        permissions.can_view_order(None, world.kilim_order),
        permissions.can_manage_order(None, world.kilim_order),
    ]
    assert answers == [False, None] + [False] * 8


def test_an_artisan_cannot_edit_her_own_listing_once_the_platform_took_it_down(world):
    """S01: the reason is hers to read, the listing no longer hers to change; restored, it is."""
    weaver, kilim = world.people["artisan"], world.catalog.kilim
    moderation.take_down(db.session, listing=kilim, reason="Machine-made")
    assert not permissions.can_edit_listing(weaver, kilim)
    moderation.restore(db.session, listing=kilim)
    assert permissions.can_edit_listing(weaver, kilim)


def test_an_archived_listing_stays_its_artisans_to_edit(world):
    kilim = world.catalog.kilim
    listings.archive_listing(db.session, listing=kilim)
    assert kilim.status == ListingStatus.ARCHIVED
    assert permissions.can_edit_listing(world.people["artisan"], kilim)


def test_the_other_cooperatives_admin_manages_her_own_and_nothing_of_jolfa(world):
    """S03."""
    other_admin = world.people["other_coop_admin"]
    (bat_trang,) = other_admin.administered_cooperatives
    potter_membership = next(m for m in bat_trang.memberships
                             if m.artisan_id == world.catalog.potter.id)
    assert permissions.can_manage_cooperative(other_admin, bat_trang)
    assert permissions.can_manage_membership(other_admin, potter_membership)
    assert not permissions.can_manage_membership(world.people["coop_admin"], potter_membership)
