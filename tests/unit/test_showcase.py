"""What the storefront shows through `catalog.showcase`: only listings for sale, newest first,
each page's data in a fixed, small number of statements."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from marketplace.catalog import listings, moderation, showcase
from marketplace.cooperatives import memberships
from marketplace.core.money import Money
from marketplace.extensions import db
from marketplace.models import (
    ArtisanProfile,
    County,
    Listing,
    ListingStatus,
    MembershipStatus,
    Province,
    Role,
    Village,
)
from marketplace.models.base import utcnow
from tests import factories


@contextmanager
def statements() -> Iterator[list[str]]:
    """The SQL sent while the block runs, on a session that has nothing loaded yet."""
    db.session.expunge_all()
    sent: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        sent.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def card(listing: Listing) -> tuple:
    """Everything a listing card shows."""
    return (listing.text("en").title, listing.text("fa").title, listing.price,
            [image.thumbnail for image in listing.images], listing.artisan.display_name_en,
            listing.village.name_en)


@pytest.fixture
def not_for_sale(app, catalog) -> dict[str, int]:
    """One listing of the weaver's in each state a shopper must not see (the draft is the
    potter's, in the catalogue already)."""
    def kilim(title: str, status: ListingStatus) -> Listing:
        return factories.listing(db.session, catalog.weaver, catalog.kilims, title_fa=title,
                                 title_en=title, price_minor=1_000_000, cooperative=catalog.coop,
                                 status=status, upload_dir=app.config["UPLOAD_DIR"])

    made = {"pending": kilim("Awaiting review", ListingStatus.PENDING_REVIEW),
            "archived": kilim("Archived", ListingStatus.ARCHIVED),
            "removed": kilim("Taken down", ListingStatus.REMOVED),
            "draft": catalog.draft}
    db.session.commit()
    return {state: listing.id for state, listing in made.items()}


def ids(found) -> list[int]:
    return [listing.id for listing in found]


def test_the_home_page_shows_the_newest_listings_for_sale_only(catalog, not_for_sale):
    expected = [catalog.bowl.id, catalog.teapot.id, catalog.kilim.id]
    assert ids(showcase.newest_listings(db.session)) == expected
    assert ids(showcase.newest_listings(db.session, limit=2)) == expected[:2]
    later = factories.listing(db.session, catalog.potter, catalog.ceramics, title_fa="بشقاب",
                              title_en="Plate", price_minor=90_000)
    db.session.commit()
    assert ids(showcase.newest_listings(db.session, limit=2)) == [later.id, catalog.bowl.id]


def test_the_home_page_cards_load_in_one_statement(app, catalog):
    for i in range(5):  # more cards must not mean more statements
        factories.listing(db.session, catalog.potter, catalog.ceramics, title_fa=f"کاسه {i}",
                          title_en=f"Bowl {i}", price_minor=90_000,
                          upload_dir=app.config["UPLOAD_DIR"])
    db.session.commit()
    with statements() as sent:
        cards = [card(listing) for listing in showcase.newest_listings(db.session)]
    assert len(cards) == 8 and len(sent) == 1
    assert cards[-1][:3] == ("Handwoven Jolfa kilim", "گلیم دست‌باف جلفا",
                             Money(125_000_000, "IRR"))
    assert len(cards[-1][3]) == 1 and cards[-1][4:] == ("Maryam Ahmadi", "Jolfa")


def test_an_artisans_page_lists_her_listings_for_sale_newest_first(catalog, not_for_sale):
    assert ids(showcase.listings_of_artisan(db.session, catalog.weaver)) == [
        catalog.teapot.id, catalog.kilim.id]
    assert ids(showcase.listings_of_artisan(db.session, catalog.potter)) == [catalog.bowl.id]


def test_an_artisan_is_found_by_slug_with_her_village_and_cooperatives(catalog):
    with statements() as sent:
        weaver = showcase.artisan_by_slug(db.session, "maryam-ahmadi")
        shown = (weaver.village.county.name_en,
                 [m.cooperative.name_en for m in weaver.memberships])
    assert shown == ("Jolfa", ["Jolfa Handicraft Cooperative"])
    assert len(sent) <= 5  # the profile, then one statement per related table
    assert showcase.artisan_by_slug(db.session, "nobody") is None


def test_a_cooperatives_page_shows_its_listings_for_sale_and_its_active_members(
        catalog, not_for_sale):
    coop = catalog.coop
    asked = memberships.request_to_join(db.session, cooperative=coop, artisan=catalog.potter)
    db.session.commit()
    found = db.session.scalars(showcase.cooperative_listings(coop)).unique()
    assert ids(found) == [catalog.teapot.id, catalog.kilim.id]
    assert showcase.active_members(db.session, coop) == [catalog.weaver]  # not the applicant
    memberships.activate(db.session, membership=asked, expected=MembershipStatus.PENDING)
    assert showcase.active_members(db.session, coop) == [catalog.weaver, catalog.potter]


def test_cooperatives_are_listed_oldest_first(catalog):
    bat_trang = factories.other_cooperative(db.session, catalog)  # founded 2015
    assert showcase.cooperatives(db.session) == [bat_trang, catalog.coop]


def test_provinces_come_by_country_busiest_first_with_empty_ones_last(catalog):
    ardabil = Province(slug="ardabil", country_code="IR", name_fa="اردبیل", name_en="Ardabil")
    tehran = Province(slug="tehran", country_code="IR", name_fa="تهران", name_en="Tehran")
    rey = Village(slug="rey", name_fa="ری", name_en="Rey",
                  county=County(slug="rey-county", province=tehran, name_fa="ری", name_en="Rey"))
    for n in range(2):
        db.session.add(ArtisanProfile(
            user=factories.user(db.session, f"rey{n}@example.com", Role.ARTISAN),
            slug=f"rey-{n}", display_name_fa="هنرمند", display_name_en=f"Rey {n}", village=rey,
            approved_at=utcnow()))
    db.session.add(ardabil)
    db.session.flush()
    counted = [(p.slug, n) for p, n in showcase.provinces_with_counts(db.session)]
    assert counted == [("tehran", 2), ("east-azerbaijan", 1), ("ardabil", 0), ("hanoi", 1)]


def test_a_region_shows_the_listings_made_there_and_its_artisans_and_cooperatives(
        catalog, not_for_sale):
    iran, hanoi = catalog.province, catalog.batrang.county.province
    in_iran = showcase.village_ids_in(province=iran)
    in_county = showcase.village_ids_in(county=catalog.county)
    assert ids(db.session.scalars(showcase.region_listings(in_iran)).unique()) == [
        catalog.teapot.id, catalog.kilim.id]
    assert ids(db.session.scalars(showcase.region_listings(in_county)).unique()) == [
        catalog.teapot.id, catalog.kilim.id]
    assert ids(db.session.scalars(
        showcase.region_listings(showcase.village_ids_in(province=hanoi))).unique()) == [
        catalog.bowl.id]
    assert showcase.artisans_in(db.session, in_iran) == [catalog.weaver]
    assert showcase.cooperatives_in(db.session, iran) == [catalog.coop]
    assert showcase.cooperatives_in(db.session, hanoi) == []


def test_the_listing_page_loads_everything_it_shows_in_one_statement(catalog):
    """Its certificates' badges are one more (catalog/certificates.py, `badges`)."""
    kilim_id = catalog.kilim.id
    with statements() as sent:
        page = showcase.listing_page(db.session, kilim_id)
        shown = (card(page), page.cooperative.name_en,
                 [c.name_en for c in [*page.category.ancestors, page.category]],
                 page.village.county.province.name_en)
    assert len(sent) == 1
    assert shown[1:] == ("Jolfa Handicraft Cooperative", ["Carpets & kilims", "Kilims"],
                         "East Azerbaijan")


@pytest.mark.parametrize("state", ["pending", "archived", "removed", "draft"])
def test_the_listing_page_shows_nothing_of_a_listing_not_for_sale(not_for_sale, state):
    assert showcase.listing_page(db.session, not_for_sale[state]) is None


def test_the_listing_page_of_an_unknown_listing_is_empty(catalog):
    assert showcase.listing_page(db.session, 10_000) is None


def test_more_from_the_artisan_leaves_out_the_listing_itself_and_what_is_not_for_sale(
        catalog, not_for_sale):
    assert ids(showcase.more_from_artisan(db.session, catalog.kilim)) == [catalog.teapot.id]
    assert showcase.more_from_artisan(db.session, catalog.bowl) == []
    listings.archive_listing(db.session, listing=catalog.teapot)
    moderation.take_down(db.session, listing=catalog.kilim, reason="Machine-made")
    assert showcase.more_from_artisan(db.session, catalog.kilim) == []
