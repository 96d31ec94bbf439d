"""S17: every text a user can write comes back escaped (or, for descriptions, sanitised).

Each probe goes in through the real form (or query string) and is looked for on every page
that shows it back: the live markup must never appear, only its escaped form.
"""
from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import select

from marketplace.catalog import certificates
from marketplace.cooperatives import fairs, shares
from marketplace.extensions import db
from marketplace.models import (
    Booth,
    Certificate,
    Conversation,
    Fair,
    FairLevel,
    Listing,
    Role,
    ShopApplication,
)
from marketplace.models.base import utcnow
from tests import factories
from tests.conftest import csrf_token, login, set_language
from tests.functional.checkout_helpers import ADDRESS, add_to_cart, place_order, set_currency
from tests.functional.test_accounts import mailed_link

PROBES = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</textarea><svg onload=alert(1)>",
]
LIVE = re.compile(r"<script>alert|<img src=x|<svg onload|onerror=alert\(1\)>|onload=alert\(1\)>")


def assert_inert(html: str, probe: str, *, must_show: bool = True) -> None:
    """No live markup from the probe; if it is shown, it is shown escaped."""
    assert not LIVE.search(html), LIVE.search(html).group(0)
    if must_show:
        escaped = probe.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert escaped.replace('"', "&#34;") in html or escaped.replace('"', "&quot;") in html


def post(client, path, data):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, "/")})


@pytest.fixture
def weaver(client, catalog):
    set_language(client, "en")
    login(client, "weaver@example.com")
    return client


@pytest.mark.parametrize("probe", PROBES)
def test_listing_title_materials_and_description(weaver, catalog, probe):
    """S17: listing title and materials are escaped; the description is sanitised with nh3,
    on the listing page, the studio and the search results."""
    response = post(weaver, "/studio/listings/new", {
        "title_fa": "گلیم " + probe, "description_fa": "<p>دست‌باف</p>" + probe,
        "materials_fa": "پشم", "title_en": "Kilim " + probe,
        "description_en": "Woven " + probe, "materials_en": "wool " + probe,
        "category": str(catalog.kilims.id), "cooperative": "0", "price": "2500000",
        "stock": "3", "publish": "Publish"})
    assert response.status_code == 302
    listing = db.session.scalar(select(Listing).order_by(Listing.id.desc()))
    page = weaver.get(f"/listings/{listing.id}").get_data(as_text=True)
    assert_inert(page, probe)
    assert "Woven" in page
    assert_inert(weaver.get("/studio/").get_data(as_text=True), probe)
    assert_inert(weaver.get(f"/studio/listings/{listing.id}/edit").get_data(as_text=True), probe,
                 must_show=False)
    results = weaver.get("/search", query_string={"q": "kilim"}).get_data(as_text=True)
    assert "Kilim" in results
    assert_inert(results, probe)


@pytest.mark.parametrize("probe", PROBES)
def test_search_box_and_api(client, catalog, probe):
    """S17: the query is shown back escaped in the search box, the heading and the JSON API."""
    set_language(client, "en")
    html = client.get("/search", query_string={"q": "kilim " + probe}).get_data(as_text=True)
    assert_inert(html, probe)
    api = client.get("/api/v1/search", query_string={"q": "kilim " + probe})
    assert api.status_code == 200 and api.is_json
    assert not LIVE.search(str(api.get_json()["results"]))


@pytest.mark.parametrize("probe", PROBES)
@pytest.mark.parametrize("field", ["name", "address", "city", "postcode", "phone"])
def test_checkout_address_fields(app, shop, field, probe):
    """S17: address fields come back escaped to the seller (orders to fulfil) and the shopper."""
    shopper = app.test_client()
    login(shopper, shop.shopper.email)
    set_language(shopper, "en")
    set_currency(shopper, "IRR")
    add_to_cart(shopper, shop.catalog.kilim, "1")
    value = (probe[:20] if field in ("postcode",) else probe)
    response = place_order(shopper, method="bank_transfer",
                           address={**ADDRESS, "country": "IR", field: value})
    if response.status_code != 302:  # refused as invalid: then it is not stored or echoed live
        assert_inert(response.get_data(as_text=True), value, must_show=False)
        return
    assert_inert(shopper.get(response.headers["Location"]).get_data(as_text=True), value,
                 must_show=False)
    seller = app.test_client()
    login(seller, "weaver@example.com")
    set_language(seller, "en")
    incoming = seller.get("/studio/orders/").get_data(as_text=True)
    assert_inert(incoming, value)


@pytest.mark.parametrize("probe", PROBES)
def test_display_name_from_sign_up(app, client, probe):
    """S17: the name typed at sign-up is escaped in the header and on the account page."""
    token = csrf_token(client, "/account/register")
    client.post("/account/register", data={"display_name": "Leila " + probe,
                                           "email": "leila@example.com", "csrf_token": token})
    link = mailed_link(app, "leila@example.com", "/account/welcome/")
    assert_inert(client.get(link).get_data(as_text=True), probe, must_show=False)
    client.post(link, data={"password": "kilim-lover-1405", "confirm": "kilim-lover-1405",
                            "csrf_token": csrf_token(client, link)})
    assert_inert(client.get("/").get_data(as_text=True), probe)
    assert_inert(client.get("/account/").get_data(as_text=True), probe)


@pytest.mark.parametrize("probe", PROBES)
def test_shareholder_names_and_payout_notes(app, catalog, probe):
    """S17: names shareholders chose and payout notes are escaped on the cooperative's pages."""
    holder = factories.user(db.session, "holder@example.com", name="Sara " + probe)
    factories.coop_admin(db.session, catalog.coop, "admin-x@example.com")
    record = shares.register_shareholder(db.session, cooperative=catalog.coop, user=holder,
                                         country_code="DE")
    shares.issue(db.session, cooperative=catalog.coop, shareholder=record, quantity=10)
    db.session.commit()
    admin = app.test_client()
    login(admin, "admin-x@example.com")
    set_language(admin, "en")
    slug = catalog.coop.slug
    assert_inert(admin.get(f"/coop/{slug}/admin/shareholders").get_data(as_text=True), probe)
    post(admin, f"/coop/{slug}/admin/members/payout",
         {"artisan": str(catalog.weaver.id), "amount": "1", "note": probe})
    assert_inert(admin.get(f"/coop/{slug}/admin/members").get_data(as_text=True), probe,
                 must_show=False)


@pytest.mark.parametrize("probe", PROBES)
def test_report_details_and_take_down_reasons(app, shop, probe):
    """S17: what a reporter writes and the admin's reason come back escaped to admin and artisan."""
    kilim = shop.catalog.kilim
    shopper, admin, artisan = app.test_client(), app.test_client(), app.test_client()
    login(shopper, shop.shopper.email)
    post(shopper, f"/listings/{kilim.id}/report", {"reason": "other", "details": probe})
    login(admin, shop.admin.email)
    assert_inert(admin.get("/admin/listings/").get_data(as_text=True), probe)
    post(admin, f"/admin/listings/{kilim.id}/take-down", {"reason": probe})
    assert_inert(admin.get("/admin/listings/").get_data(as_text=True), probe)
    login(artisan, "weaver@example.com")
    assert_inert(artisan.get("/studio/").get_data(as_text=True), probe)


@pytest.mark.parametrize("probe", PROBES)
def test_fair_names_stories_and_schedule(app, catalog, probe):
    """S17, S47: what an organiser writes about a fair and its schedule comes back escaped on
    the public pages, the home page, the search page's facet and the organiser's own pages."""
    factories.user(db.session, "admin-f@example.com", Role.PLATFORM_ADMIN)
    db.session.commit()
    admin = app.test_client()
    login(admin, "admin-f@example.com")
    set_language(admin, "en")
    opens = utcnow() - timedelta(days=1)
    response = post(admin, "/organise/fairs/new", {
        "organiser": "0", "name_fa": "هفته " + probe, "name_en": "Week " + probe,
        "theme_en": "Theme " + probe, "story_en": "Story " + probe, "venue_en": "Hall " + probe,
        "level": "national", "province": str(catalog.province.id), "timezone": "Asia/Tehran",
        "opens_on": opens.date().isoformat(), "opens_time": "00:00",
        "closes_on": (opens + timedelta(days=7)).date().isoformat(), "closes_time": "20:00",
        "booth_count": "10", "features_per_booth": "3"})
    assert response.status_code == 302
    slug = response.headers["Location"].rsplit("/", 1)[1]
    post(admin, f"/organise/fairs/{slug}/events", {
        "kind": "talk", "title_fa": "گفت‌وگو " + probe, "title_en": "Talk " + probe,
        "day": utcnow().date().isoformat(), "starts": "10:00", "ends": "11:00", "booth": "0"})
    booth = fairs.apply(db.session, fair=db.session.scalar(select(Fair).where(Fair.slug == slug)),
                        artisan=catalog.weaver)
    fairs.decide(db.session, booth=booth, accept=True)
    fairs.arrange_booth(db.session, booth=booth, listing_ids=[catalog.kilim.id], note_fa="",
                        note_en="")
    db.session.commit()
    visitor = app.test_client()
    set_language(visitor, "en")
    for path in (f"/fairs/{slug}", "/fairs/", "/", f"/search?fair={slug}"):
        assert_inert(visitor.get(path).get_data(as_text=True), probe)
    for path in (f"/organise/fairs/{slug}", "/organise/fairs/"):
        assert_inert(admin.get(path).get_data(as_text=True), probe)
    assert_inert(admin.get(f"/organise/fairs/{slug}/edit").get_data(as_text=True), probe,
                 must_show=False)


@pytest.mark.parametrize("probe", PROBES)
def test_booth_applications_notes_places_and_reasons(app, catalog, probe):
    """S17, S47: an applicant's words, the booth note, the booth's place and the organiser's
    reason come back escaped to the organiser, the holder and every visitor."""
    factories.user(db.session, "admin-f@example.com", Role.PLATFORM_ADMIN)
    fair = fairs.create_fair(db.session, organiser=None, data=fairs.FairInput(
        name_fa="هفته", name_en="Week", level=FairLevel.NATIONAL, province=catalog.province,
        timezone="Asia/Tehran", opens_at=utcnow() - timedelta(days=1),
        closes_at=utcnow() + timedelta(days=6), permanent=False, booth_count=10))
    db.session.commit()
    weaver, potter, admin = app.test_client(), app.test_client(), app.test_client()
    for client, email in ((weaver, "weaver@example.com"), (potter, "potter@example.com"),
                          (admin, "admin-f@example.com")):
        login(client, email)
        set_language(client, "en")
    post(weaver, f"/studio/fairs/{fair.slug}/apply",
         {"applicant": "artisan", "application": "Kilims " + probe})
    post(potter, f"/studio/fairs/{fair.slug}/apply",
         {"applicant": "artisan", "application": "Bowls"})
    kilims, bowls = db.session.scalars(select(Booth).order_by(Booth.id)).all()
    assert_inert(admin.get(f"/organise/fairs/{fair.slug}").get_data(as_text=True), probe)
    post(admin, f"/organise/fairs/{fair.slug}/booths/{bowls.id}/decision",
         {"decision": "decline", "reason": "Full " + probe})
    assert_inert(potter.get("/studio/fairs/").get_data(as_text=True), probe)
    assert_inert(potter.get(f"/studio/fairs/booths/{bowls.id}").get_data(as_text=True), probe)
    post(admin, f"/organise/fairs/{fair.slug}/booths/{kilims.id}/decision",
         {"decision": "accept", "reason": ""})
    post(admin, f"/organise/fairs/{fair.slug}/booths/{kilims.id}/place",
         {"hall": probe[:60], "number": probe[:20], "hours": probe[:60]})
    post(weaver, f"/studio/fairs/booths/{kilims.id}", {
        "listings": [str(catalog.kilim.id)], "note_fa": "یادداشت " + probe,
        "note_en": "Note " + probe})
    assert "Note " in db.session.get(Booth, kilims.id).note_en
    visitor = app.test_client()
    set_language(visitor, "en")
    for path in (f"/fairs/{fair.slug}", f"/fairs/{fair.slug}/booths/{kilims.id}"):
        assert_inert(visitor.get(path).get_data(as_text=True), probe)
    assert_inert(weaver.get(f"/studio/fairs/booths/{kilims.id}").get_data(as_text=True), probe)
    assert_inert(admin.get(f"/organise/fairs/{fair.slug}").get_data(as_text=True), probe)


@pytest.mark.parametrize("probe", PROBES)
def test_purchase_round_texts(app, catalog, probe):
    """S17, S47: what a cooperative writes about a purchase round comes back escaped to its
    admins and its members."""
    factories.coop_admin(db.session, catalog.coop, "admin-r@example.com")
    db.session.commit()
    admin, weaver = app.test_client(), app.test_client()
    login(admin, "admin-r@example.com")
    login(weaver, "weaver@example.com")
    for client in (admin, weaver):
        set_language(client, "en")
    opened = post(admin, f"/coop/{catalog.coop.slug}/admin/rounds/", {
        "material": "wool", "title_fa": "پشم " + probe, "title_en": "Wool " + probe,
        "supplier": "Supplier " + probe, "unit": "kg", "minimum": "100",
        "deadline_on": (utcnow() + timedelta(days=5)).date().isoformat(),
        "delivery_place_fa": "انبار " + probe, "delivery_place_en": "Store " + probe,
        "tier1_from": "50", "tier1_price": "900000"})
    assert opened.status_code == 302
    detail = opened.headers["Location"]
    round_id = detail.rsplit("/", 1)[1]
    assert_inert(admin.get(detail).get_data(as_text=True), probe)
    assert_inert(admin.get(f"/coop/{catalog.coop.slug}/admin/rounds/").get_data(as_text=True),
                 probe)
    assert_inert(weaver.get("/studio/rounds/").get_data(as_text=True), probe)
    assert_inert(weaver.get(f"/studio/rounds/{round_id}").get_data(as_text=True), probe)


@pytest.mark.parametrize("probe", PROBES)
def test_review_reply_report_and_take_down_words(app, shop, probe):
    """S17, S47: a buyer's review, the artisan's answer, a report of the review and the admin's
    reason come back escaped on the listing page, the studio, the order and the admin queue,
    and inside the page's JSON-LD."""
    order = factories.order(db.session, shop.shopper, shop.catalog.kilim)
    shopper, artisan, admin = app.test_client(), app.test_client(), app.test_client()
    login(shopper, shop.shopper.email)
    set_language(shopper, "en")
    post(shopper, f"/reviews/new/{order.lines[0].id}", {"rating": "4", "body": "Soft " + probe})
    listing_page = f"/listings/{shop.catalog.kilim.id}"
    page = shopper.get(listing_page).get_data(as_text=True)
    assert_inert(page, "Soft " + probe)
    assert "</script><script>alert" not in page  # the JSON-LD copy is escaped too
    assert_inert(shopper.get(f"/orders/{order.id}").get_data(as_text=True), probe,
                 must_show=False)

    login(artisan, "weaver@example.com")
    set_language(artisan, "en")
    assert_inert(artisan.get("/studio/reviews").get_data(as_text=True), "Soft " + probe)
    review_id = re.search(r'id="review-(\d+)"', page).group(1)
    post(artisan, f"/reviews/{review_id}/reply", {"body": "Thanks " + probe})
    assert_inert(shopper.get(listing_page).get_data(as_text=True), "Thanks " + probe)
    assert_inert(artisan.get("/studio/reviews").get_data(as_text=True), "Thanks " + probe)

    post(shopper, f"/reviews/{review_id}/report", {"reason": "other", "details": probe})
    login(admin, shop.admin.email)
    set_language(admin, "en")
    queue = admin.get("/admin/listings/").get_data(as_text=True)
    assert_inert(queue, probe)
    assert_inert(queue, "Thanks " + probe)
    post(admin, f"/admin/listings/reviews/{review_id}/take-down", {"reason": "Gone " + probe})
    assert_inert(admin.get("/admin/listings/").get_data(as_text=True), "Gone " + probe)


@pytest.mark.parametrize("probe", PROBES)
def test_messages_and_offers(app, shop, probe):
    """S47: a message and an offer's title come back escaped to both sides of the conversation
    (and a link-looking probe never becomes a live link before a paid order)."""
    shopper, artisan = app.test_client(), app.test_client()
    login(shopper, shop.shopper.email)
    set_language(shopper, "en")
    post(shopper, f"/messages/ask/{shop.catalog.kilim.id}", {"body": probe + " https://x.test"})
    conversation = db.session.scalar(select(Conversation))
    login(artisan, "weaver@example.com")
    set_language(artisan, "en")
    page = artisan.get(f"/messages/{conversation.id}").get_data(as_text=True)
    assert_inert(page, probe)
    assert 'href="https://x.test"' not in page
    post(artisan, f"/messages/{conversation.id}", {"body": probe})
    post(artisan, f"/messages/{conversation.id}/offer",
         {"title_fa": "گلیم " + probe, "title_en": "Kilim " + probe, "price": "3000000",
          "prep_days": "30", "note": probe})
    assert_inert(shopper.get(f"/messages/{conversation.id}").get_data(as_text=True), probe)
    assert_inert(shopper.get("/messages/").get_data(as_text=True), probe, must_show=False)


@pytest.mark.parametrize("probe", PROBES)
def test_certificate_numbers_and_issuers(app, shop, probe):
    """S47: a certificate's number, issuer and a refusal reason come back escaped to the
    verifier, the holder and on the public page."""
    kind = certificates.save_type(db.session, data=certificates.TypeInput(
        slug="home-licence", name_fa="مجوز مشاغل خانگی", name_en="Home-business licence",
        for_artisans=True))
    db.session.commit()
    artisan, admin = app.test_client(), app.test_client()
    login(artisan, "weaver@example.com")
    set_language(artisan, "en")
    scan = io.BytesIO()
    Image.new("RGB", (40, 30), "#2b6ca4").save(scan, "PNG")
    scan.seek(0)
    today = certificates.today()
    post(artisan, "/studio/certificates/", {
        "type": str(kind.id), "holder": "0", "issuer": "Office " + probe, "number": probe,
        "issued_on": (today - timedelta(days=1)).isoformat(), "evidence": (scan, "s.png")})
    certificate = db.session.scalar(select(Certificate))
    assert_inert(artisan.get("/studio/certificates/").get_data(as_text=True), probe)
    login(admin, shop.admin.email)
    set_language(admin, "en")
    assert_inert(admin.get("/admin/certificates/").get_data(as_text=True), probe)
    post(admin, f"/admin/certificates/{certificate.id}/verify", {})
    assert_inert(app.test_client().get(f"/certificates/{certificate.id}").get_data(as_text=True),
                 probe)


@pytest.mark.parametrize("probe", PROBES)
def test_shop_application_stories(app, shop, probe):
    """S47: what an applicant writes about herself and a refusal reason come back escaped to
    the deciders and to her."""
    factories.user(db.session, "zahra@example.com", name="Zahra")
    db.session.commit()
    applicant, admin = app.test_client(), app.test_client()
    login(applicant, "zahra@example.com")
    set_language(applicant, "en")
    photo = io.BytesIO()
    Image.new("RGB", (40, 30), "#a4362b").save(photo, "PNG")
    photo.seek(0)
    post(applicant, "/studio/apply", {
        "display_name_fa": "زهرا " + probe, "display_name_en": "Zahra " + probe,
        "craft_fa": probe, "craft_en": probe, "story_fa": probe, "story_en": probe,
        "village": str(shop.catalog.jolfa.id), "cooperative": "0", "licence_type": "0",
        "photos": [(photo, "work.png")]})
    application = db.session.scalar(select(ShopApplication))
    login(admin, shop.admin.email)
    set_language(admin, "en")
    assert_inert(admin.get("/admin/applications/").get_data(as_text=True), probe)
    post(admin, f"/admin/applications/{application.id}/reject", {"reason": probe})
    assert_inert(applicant.get("/studio/apply").get_data(as_text=True), probe)
