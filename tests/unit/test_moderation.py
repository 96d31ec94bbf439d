"""Keeping the catalogue honest through `catalog.moderation`: shoppers report, a platform admin
takes a listing down (with a reason its artisan reads) or dismisses the reports, and may restore
it; a taken-down listing leaves the shop, search and carts."""
from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select

from marketplace.catalog import listings, moderation, showcase
from marketplace.catalog.listings import ListingInput, ListingText
from marketplace.commerce import carts, fx, ordering
from marketplace.extensions import db
from marketplace.models import ListingReport, ListingStatus, PaymentMethod, ReportReason
from marketplace.search.indexer import search_index
from marketplace.search.query import SearchRequest, search
from tests import factories

WRONG_ORIGIN, NOT_HANDMADE = ReportReason.WRONG_ORIGIN, ReportReason.NOT_HANDMADE


def open_report_count() -> int:
    return db.session.scalar(select(func.count()).select_from(ListingReport)
                             .where(ListingReport.resolved_at.is_(None)))


def searchable(app) -> set[int]:
    index = search_index(app)
    with index.reading():
        return set(search(index.snapshot(), SearchRequest(per_page=100)).listing_ids)


def test_a_shoppers_second_report_of_a_listing_renews_her_first(shop):
    kilim, leila = shop.catalog.kilim, shop.shopper
    first = moderation.report(db.session, listing=kilim, reporter=leila, reason=WRONG_ORIGIN,
                              details="  Sold as Turkish elsewhere.  ")
    assert (first.reason, first.details, first.resolved_at) == (
        WRONG_ORIGIN, "Sold as Turkish elsewhere.", None)
    again = moderation.report(db.session, listing=kilim, reporter=leila, reason=NOT_HANDMADE)
    assert again.id == first.id
    assert (again.reason, again.details) == (NOT_HANDMADE, "")
    assert open_report_count() == 1


def test_the_queue_puts_the_most_reported_listing_first_with_its_reasons(shop):
    c = shop.catalog
    for reporter, reason, details in [(shop.shopper, WRONG_ORIGIN, "Made in a factory in X"),
                                      (shop.other_shopper, WRONG_ORIGIN, ""),
                                      (shop.admin, NOT_HANDMADE, "Printed, not woven")]:
        moderation.report(db.session, listing=c.kilim, reporter=reporter, reason=reason,
                          details=details)
    moderation.report(db.session, listing=c.bowl, reporter=shop.shopper, reason=NOT_HANDMADE)
    queue = moderation.open_reports(db.session)
    assert [(r.listing, r.count) for r in queue] == [(c.kilim, 3), (c.bowl, 1)]
    assert queue[0].reasons == Counter({WRONG_ORIGIN: 2, NOT_HANDMADE: 1})
    assert queue[0].details == ["Made in a factory in X", "Printed, not woven"]
    assert queue[1].details == []


def test_dismissing_closes_the_open_reports_and_leaves_the_listing_for_sale(shop):
    kilim = shop.catalog.kilim
    moderation.report(db.session, listing=kilim, reporter=shop.shopper, reason=WRONG_ORIGIN)
    moderation.report(db.session, listing=kilim, reporter=shop.other_shopper, reason=WRONG_ORIGIN)
    moderation.report(db.session, listing=shop.catalog.bowl, reporter=shop.shopper,
                      reason=NOT_HANDMADE)
    assert moderation.dismiss_reports(db.session, listing=kilim) == 2
    assert moderation.dismiss_reports(db.session, listing=kilim) == 0
    assert kilim.status == ListingStatus.ACTIVE
    assert [r.listing for r in moderation.open_reports(db.session)] == [shop.catalog.bowl]


def test_a_report_after_a_dismissal_opens_the_case_again(shop):
    kilim = shop.catalog.kilim
    moderation.report(db.session, listing=kilim, reporter=shop.shopper, reason=WRONG_ORIGIN)
    moderation.dismiss_reports(db.session, listing=kilim)
    moderation.report(db.session, listing=kilim, reporter=shop.shopper, reason=NOT_HANDMADE)
    assert [(r.listing, r.count) for r in moderation.open_reports(db.session)] == [(kilim, 1)]


def test_taking_a_listing_down_records_why_and_closes_its_reports(shop):
    kilim = shop.catalog.kilim
    moderation.report(db.session, listing=kilim, reporter=shop.shopper, reason=NOT_HANDMADE)
    moderation.take_down(db.session, listing=kilim, reason="  Machine-made, sold as handwoven. ")
    assert (kilim.status, kilim.removal_reason) == (ListingStatus.REMOVED,
                                                    "Machine-made, sold as handwoven.")
    assert moderation.open_reports(db.session) == []
    assert moderation.removed_listings(db.session) == [kilim]


def test_a_listing_cannot_be_taken_down_twice(shop):
    kilim = shop.catalog.kilim
    moderation.take_down(db.session, listing=kilim, reason="Machine-made")
    with pytest.raises(moderation.NotRemovable):
        moderation.take_down(db.session, listing=kilim, reason="Another reason")
    assert kilim.removal_reason == "Machine-made"


def test_a_taken_down_listing_leaves_the_shop_search_and_new_carts(app, shop):
    kilim = shop.catalog.kilim
    assert kilim.id in searchable(app)
    moderation.take_down(db.session, listing=kilim, reason="Machine-made")
    db.session.commit()
    assert kilim.id not in searchable(app)
    assert kilim not in showcase.newest_listings(db.session)
    assert showcase.listing_page(db.session, kilim.id) is None
    cart = carts.find_or_create(db.session, user_id=shop.shopper.id, token=None)
    with pytest.raises(carts.CartError) as refused:
        carts.add(db.session, cart, kilim.id, 1, buyer_id=shop.shopper.id)
    assert refused.value.code == "unavailable"


def test_a_cart_that_held_the_listing_before_it_was_taken_down_cannot_buy_it(shop):
    kilim, leila = shop.catalog.kilim, shop.shopper
    cart = carts.find_or_create(db.session, user_id=leila.id, token=None)
    carts.add(db.session, cart, kilim.id, 1, buyer_id=leila.id)
    moderation.take_down(db.session, listing=kilim, reason="Machine-made")
    with pytest.raises(carts.CartError) as refused:
        ordering.start_checkout(
            db.session, buyer_id=leila.id, cart=cart,
            address=ordering.Address("Leila", "Kargar St", "Tehran", "", "IR"),
            method=PaymentMethod.BANK_TRANSFER, currency="IRR",
            rates=fx.current_rates(db.session), policy=factories.checkout_policy())
    assert (refused.value.code, kilim.stock) == ("unavailable", 5)


def test_a_restored_listing_is_a_draft_its_cooperative_reviews_again(app, shop):
    kilim = shop.catalog.kilim
    moderation.take_down(db.session, listing=kilim, reason="Machine-made")
    moderation.restore(db.session, listing=kilim)
    assert (kilim.status, kilim.removal_reason) == (ListingStatus.DRAFT, "")
    assert moderation.removed_listings(db.session) == []
    listings.update_listing(db.session, listing=kilim, publish=True, data=ListingInput(
        category=kilim.category, price_minor=kilim.price_minor, stock=5, stock_seen=5,
        texts={"fa": ListingText("گلیم دست‌باف جلفا")}, cooperative=kilim.cooperative))
    db.session.commit()
    assert kilim.status == ListingStatus.PENDING_REVIEW
    assert kilim.id not in searchable(app)


@pytest.mark.parametrize("state", ["active", "draft"])
def test_only_a_taken_down_listing_can_be_restored(shop, state):
    item = {"active": shop.catalog.kilim, "draft": shop.catalog.draft}[state]
    before = item.status
    with pytest.raises(moderation.NotRemoved):
        moderation.restore(db.session, listing=item)
    assert item.status == before
