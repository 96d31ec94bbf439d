"""An artisan's listings through `catalog.listings`: what she may set, what the service decides
for her (currency, status), her cooperative's review, and her photos."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from marketplace.catalog import listings
from marketplace.catalog.listings import ListingInput, ListingText
from marketplace.commerce import inventory
from marketplace.cooperatives import memberships
from marketplace.extensions import db
from marketplace.models import (
    ArtisanProfile,
    County,
    Listing,
    ListingImage,
    ListingStatus,
    MembershipStatus,
    Province,
    Role,
    SearchOutbox,
    Village,
)
from marketplace.models.base import utcnow
from tests import factories


def kilim_input(catalog, **changes) -> ListingInput:
    fields = {"category": catalog.kilims, "price_minor": 90_000_000, "stock": 3,
              "texts": {"fa": ListingText("گلیم شیروان", "دست‌باف", "پشم"),
                        "en": ListingText("Shirvan kilim", "Handwoven", "Wool")}}
    return ListingInput(**(fields | changes))


def outbox_rows(listing: Listing) -> int:
    return db.session.scalar(select(func.count()).select_from(SearchOutbox)
                             .where(SearchOutbox.listing_id == listing.id))


def texts_of(listing: Listing) -> dict[str, tuple[str, str, str]]:
    return {t.lang: (t.title, t.description, t.materials) for t in listing.translations}


# Creating --------------------------------------------------------------------------------------


def test_a_listing_published_outside_a_cooperative_goes_live_at_once(catalog):
    item = listings.create_listing(db.session, artisan=catalog.weaver,
                                   data=kilim_input(catalog), publish=True)
    assert item.status == ListingStatus.ACTIVE
    assert (item.artisan, item.village, item.cooperative) == (catalog.weaver, catalog.jolfa, None)
    assert (item.price_minor, item.currency, item.stock) == (90_000_000, "IRR", 3)
    assert texts_of(item) == {"fa": ("گلیم شیروان", "دست‌باف", "پشم"),
                              "en": ("Shirvan kilim", "Handwoven", "Wool")}


def test_a_listing_under_a_cooperative_waits_for_its_admin(catalog):
    item = listings.create_listing(db.session, artisan=catalog.weaver,
                                   data=kilim_input(catalog, cooperative=catalog.coop),
                                   publish=True)
    assert (item.status, item.cooperative) == (ListingStatus.PENDING_REVIEW, catalog.coop)


def test_a_listing_saved_unpublished_is_a_draft_with_or_without_a_cooperative(catalog):
    alone = listings.create_listing(db.session, artisan=catalog.weaver,
                                    data=kilim_input(catalog), publish=False)
    under = listings.create_listing(db.session, artisan=catalog.weaver,
                                    data=kilim_input(catalog, cooperative=catalog.coop),
                                    publish=False)
    assert alone.status == under.status == ListingStatus.DRAFT


def test_a_listing_is_priced_in_its_sellers_currency_whatever_she_works_with(catalog):
    """The currency is not hers to choose: IRR in Iran, VND in Vietnam, USD elsewhere."""
    bavaria = Province(slug="bavaria", country_code="DE", name_fa="بایرن", name_en="Bavaria")
    village = Village(slug="passau", name_fa="پاساو", name_en="Passau",
                      county=County(slug="passau-county", province=bavaria, name_fa="پاساو",
                                    name_en="Passau"))
    glassblower = ArtisanProfile(
        user=factories.user(db.session, "glass@example.com", Role.ARTISAN), slug="anna-glass",
        display_name_fa="آنا", display_name_en="Anna", village=village, approved_at=utcnow())
    db.session.add(glassblower)
    db.session.flush()
    made = {artisan.slug: listings.create_listing(
        db.session, artisan=artisan, publish=True,
        data=kilim_input(catalog, category=catalog.ceramics)).currency
        for artisan in (catalog.weaver, catalog.potter, glassblower)}
    assert made == {"maryam-ahmadi": "IRR", "nguyen-thi-lan": "VND", "anna-glass": "USD"}


def test_descriptions_keep_simple_formatting_and_lose_scripts_links_and_attributes(catalog):
    """S17: a description is sanitised when saved; titles and materials are only trimmed (and
    escaped when shown)."""
    hostile = ('<p onclick="steal()">Hand<script>alert(1)</script>woven '
               '<a href="javascript:x()">here</a> <strong>wool</strong></p>'
               '<ul><li>one</li></ul><img src=x onerror=alert(1)><style>p{}</style>  ')
    item = listings.create_listing(db.session, artisan=catalog.weaver, publish=True,
                                   data=kilim_input(catalog, texts={
                                       "fa": ListingText("  گلیم  ", "<em>زیبا</em>", " پشم "),
                                       "en": ListingText(" <b>Kilim</b> ", hostile, " Wool ")}))
    assert texts_of(item) == {
        "fa": ("گلیم", "<em>زیبا</em>", "پشم"),
        "en": ("<b>Kilim</b>", "<p>Handwoven here <strong>wool</strong></p><ul><li>one</li></ul>",
               "Wool"),
    }


def test_english_is_optional_but_every_listing_has_a_persian_title(catalog):
    persian_only = listings.create_listing(
        db.session, artisan=catalog.weaver, publish=True,
        data=kilim_input(catalog, texts={"fa": ListingText("گلیم"), "en": ListingText("  ")}))
    assert texts_of(persian_only) == {"fa": ("گلیم", "", "")}
    with pytest.raises(ValueError):
        listings.create_listing(db.session, artisan=catalog.weaver, publish=True,
                                data=kilim_input(catalog, texts={"en": ListingText("Kilim")}))
    with pytest.raises(ValueError):
        listings.create_listing(db.session, artisan=catalog.weaver, publish=True,
                                data=kilim_input(catalog, texts={"fa": ListingText("   ")}))


@pytest.mark.parametrize(("price_minor", "stock"), [(0, 1), (-5, 1), (1000, -1)])
def test_a_free_piece_or_negative_stock_is_refused_and_nothing_is_left_half_built(
        catalog, price_minor, stock):
    with pytest.raises(ValueError):
        listings.create_listing(db.session, artisan=catalog.weaver, publish=True,
                                data=kilim_input(catalog, price_minor=price_minor, stock=stock))
    assert not [obj for obj in db.session.new if isinstance(obj, Listing)]


def test_a_piece_can_be_listed_sold_out(catalog):
    item = listings.create_listing(db.session, artisan=catalog.weaver, publish=True,
                                   data=kilim_input(catalog, stock=0))
    assert (item.status, item.stock, item.in_stock) == (ListingStatus.ACTIVE, 0, False)


def test_only_an_active_member_may_list_under_a_cooperative(catalog):
    """The potter belongs to no cooperative yet; asking to join is not enough. (Each refusal is
    rolled back, as the request that made it would be.)"""
    with pytest.raises(listings.NotAMember):
        listings.create_listing(db.session, artisan=catalog.potter, publish=True,
                                data=kilim_input(catalog, cooperative=catalog.coop))
    db.session.rollback()
    asked = memberships.request_to_join(db.session, cooperative=catalog.coop,
                                        artisan=catalog.potter)
    db.session.commit()
    with pytest.raises(listings.NotAMember):
        listings.create_listing(db.session, artisan=catalog.potter, publish=True,
                                data=kilim_input(catalog, cooperative=catalog.coop))
    db.session.rollback()
    memberships.activate(db.session, membership=asked, expected=MembershipStatus.PENDING)
    item = listings.create_listing(db.session, artisan=catalog.potter, publish=True,
                                   data=kilim_input(catalog, cooperative=catalog.coop))
    assert item.status == ListingStatus.PENDING_REVIEW


def test_a_made_to_order_piece_ships_its_preparation_days_after_purchase(catalog):
    made = listings.create_listing(db.session, artisan=catalog.weaver, publish=True,
                                   data=kilim_input(catalog, made_to_order=True, prep_days=21))
    ready = listings.create_listing(db.session, artisan=catalog.weaver, publish=True,
                                    data=kilim_input(catalog, made_to_order=False, prep_days=21))
    assert (made.made_to_order, made.prep_days) == (True, 21)
    assert (ready.made_to_order, ready.prep_days) == (False, None)
    assert listings.estimated_dispatch(made, date(2026, 12, 20)) == date(2027, 1, 10)
    assert listings.estimated_dispatch(ready, date(2026, 12, 20)) is None


def test_made_to_order_without_preparation_days_promises_no_date(catalog):
    item = listings.create_listing(db.session, artisan=catalog.weaver, publish=True,
                                   data=kilim_input(catalog, made_to_order=True))
    assert listings.estimated_dispatch(item, date(2026, 12, 20)) is None


# Editing ---------------------------------------------------------------------------------------


def test_an_edit_changes_texts_price_and_stock_she_saw(catalog):
    kilim = catalog.kilim
    listings.update_listing(db.session, listing=kilim, publish=True, data=kilim_input(
        catalog, cooperative=catalog.coop, price_minor=130_000_000, stock=7, stock_seen=5,
        texts={"fa": ListingText("گلیم نو", "<i>تازه</i>")}))
    db.session.expire_all()
    assert (kilim.price_minor, kilim.stock, kilim.status) == (130_000_000, 7,
                                                              ListingStatus.ACTIVE)
    assert texts_of(kilim) == {"fa": ("گلیم نو", "<i>تازه</i>", "")}  # English removed


def test_an_edit_made_after_a_sale_does_not_undo_the_sale(catalog):
    """The weaver's form showed 5; a shopper took 2 meanwhile; her count of 9 is not applied."""
    kilim = catalog.kilim
    inventory.reserve(db.session, kilim.id, 2, expires_at=utcnow() + timedelta(minutes=30))
    with pytest.raises(inventory.StockChanged):
        listings.update_listing(db.session, listing=kilim, publish=True,
                                data=kilim_input(catalog, cooperative=catalog.coop, stock=9,
                                                 stock_seen=5))
    db.session.rollback()
    assert db.session.get(Listing, kilim.id).stock == 5  # the rollback undoes the reservation


def test_an_edit_that_leaves_the_stock_alone_goes_through_after_a_sale(catalog):
    """Her form showed 5 and she changed only the price; the sale of 2 meanwhile stands."""
    kilim = catalog.kilim
    inventory.reserve(db.session, kilim.id, 2, expires_at=utcnow() + timedelta(minutes=30))
    listings.update_listing(db.session, listing=kilim, publish=True,
                            data=kilim_input(catalog, cooperative=catalog.coop, stock=5,
                                             stock_seen=5, price_minor=1))
    db.session.expire_all()
    assert (kilim.stock, kilim.price_minor) == (3, 1)


def test_moving_a_live_listing_to_another_cooperative_sends_it_for_review_again(catalog):
    bowl, coop = catalog.bowl, catalog.coop
    factories.member(db.session, coop, catalog.potter)
    assert bowl.status == ListingStatus.ACTIVE
    listings.update_listing(db.session, listing=bowl, publish=True,
                            data=kilim_input(catalog, cooperative=coop, stock=5, stock_seen=5))
    assert bowl.status == ListingStatus.PENDING_REVIEW


def test_an_edit_under_the_same_cooperative_keeps_the_listing_live(catalog):
    listings.update_listing(db.session, listing=catalog.kilim, publish=True,
                            data=kilim_input(catalog, cooperative=catalog.coop, stock=5,
                                             stock_seen=5))
    assert catalog.kilim.status == ListingStatus.ACTIVE


def test_leaving_the_cooperative_puts_the_listing_in_her_own_shop_at_once(catalog):
    listings.update_listing(db.session, listing=catalog.kilim, publish=True,
                            data=kilim_input(catalog, stock=5, stock_seen=5))
    assert (catalog.kilim.status, catalog.kilim.cooperative) == (ListingStatus.ACTIVE, None)


def test_unpublishing_makes_a_draft(catalog):
    listings.update_listing(db.session, listing=catalog.kilim, publish=False,
                            data=kilim_input(catalog, cooperative=catalog.coop, stock=5,
                                             stock_seen=5))
    assert catalog.kilim.status == ListingStatus.DRAFT


def test_an_edit_cannot_drop_the_persian_title(catalog):
    with pytest.raises(ValueError):
        listings.update_listing(db.session, listing=catalog.kilim, publish=True,
                                data=kilim_input(catalog, cooperative=catalog.coop, stock=5,
                                                 stock_seen=5,
                                                 texts={"en": ListingText("Kilim")}))
    assert texts_of(catalog.kilim)["fa"][0] == "گلیم دست‌باف جلفا"


# Archiving and review --------------------------------------------------------------------------


def test_an_archived_listing_is_no_longer_for_sale(catalog):
    assert listings.archive_listing(db.session, listing=catalog.kilim).status == (
        ListingStatus.ARCHIVED)


@pytest.mark.parametrize(("approve", "status"), [(True, ListingStatus.ACTIVE),
                                                 (False, ListingStatus.DRAFT)])
def test_the_cooperative_approves_a_submitted_listing_or_sends_it_back(catalog, approve, status):
    item = listings.create_listing(db.session, artisan=catalog.weaver, publish=True,
                                   data=kilim_input(catalog, cooperative=catalog.coop))
    assert listings.review_listing(db.session, listing=item, approve=approve).status == status


@pytest.mark.parametrize("state", ["draft", "active", "archived"])
def test_only_a_listing_awaiting_review_can_be_reviewed(catalog, state):
    item = {"draft": catalog.draft, "active": catalog.kilim, "archived": catalog.teapot}[state]
    if state == "archived":
        listings.archive_listing(db.session, listing=item)
    before = item.status
    with pytest.raises(listings.ListingError):
        listings.review_listing(db.session, listing=item, approve=True)
    assert item.status == before


# Photos ----------------------------------------------------------------------------------------


def add_photo(app, listing: Listing) -> ListingImage:
    photo = factories.stored_image(app.config["UPLOAD_DIR"])
    return listings.add_image(db.session, listing=listing, filename=photo.filename,
                              thumbnail=photo.thumbnail, thumbnail_small=photo.thumbnail_small,
                              width=photo.width, height=photo.height)


def test_photos_are_kept_in_the_order_they_were_added(app, catalog):
    teapot = catalog.teapot
    first, second = add_photo(app, teapot), add_photo(app, teapot)
    listings.remove_image(db.session, image=first)
    third = add_photo(app, teapot)
    assert [(i.id, i.position) for i in teapot.images] == [(second.id, 1), (third.id, 2)]
    assert db.session.scalar(select(func.count()).select_from(ListingImage)
                             .where(ListingImage.listing_id == teapot.id)) == 2


def test_a_listing_takes_eight_photos_and_refuses_the_ninth_until_one_goes(app, catalog):
    """S42: the check runs before any upload is decoded, and again when a photo is added."""
    kilim = catalog.kilim  # one photo already
    while len(kilim.images) < listings.MAX_IMAGES:
        listings.check_room_for_image(kilim)
        add_photo(app, kilim)
    with pytest.raises(listings.TooManyImages):
        listings.check_room_for_image(kilim)
    with pytest.raises(listings.TooManyImages):
        add_photo(app, kilim)
    assert len(kilim.images) == 8
    listings.remove_image(db.session, image=kilim.images[0])
    listings.check_room_for_image(kilim)
    assert add_photo(app, kilim).position == 8


# Search ----------------------------------------------------------------------------------------


def test_every_change_is_queued_for_search_in_the_same_transaction(app, catalog):
    kilim = catalog.kilim
    counts = [outbox_rows(kilim)]
    steps = [
        lambda: listings.update_listing(db.session, listing=kilim, publish=True,
                                        data=kilim_input(catalog, cooperative=catalog.coop,
                                                         stock=5, stock_seen=5)),
        lambda: add_photo(app, kilim),
        lambda: listings.remove_image(db.session, image=kilim.images[-1]),
        lambda: listings.archive_listing(db.session, listing=kilim),
    ]
    for step in steps:
        step()
        counts.append(outbox_rows(kilim))
    assert counts[0] == 0  # drained when the catalogue was committed
    assert all(later > earlier for earlier, later in zip(counts, counts[1:], strict=False))
    item = listings.create_listing(db.session, artisan=catalog.weaver, publish=True,
                                   data=kilim_input(catalog, cooperative=catalog.coop))
    assert outbox_rows(item) >= 1
    before = outbox_rows(item)
    listings.review_listing(db.session, listing=item, approve=True)
    assert outbox_rows(item) > before
