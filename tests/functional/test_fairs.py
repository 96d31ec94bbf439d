"""Fairs in the browser: an artisan's booth from application to a shopper finding it through the
fair's search; only the organiser manages a fair and only the holder a booth (S48); visits are
counted even from the page cache; times are shown in the visitor's zone."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.cooperatives import fairs, ledger
from marketplace.core.money import Money
from marketplace.extensions import db
from marketplace.models import Booth, BoothStatus, BoothVisits, Fair, FairEvent, FairLevel, Role
from marketplace.models.base import utcnow
from tests import factories
from tests.conftest import csrf_token, login, set_language


def post(client, path, data=None):
    return client.post(path, data={**(data or {}), "csrf_token": csrf_token(client, "/")})


def as_user(app, email, lang="en"):
    client = app.test_client()
    set_language(client, lang)
    login(client, email)
    return client


def week(catalog, **changes) -> fairs.FairInput:
    data = dict(name_fa="هفته روستاهای صنایع‌دستی هانوی", name_en="Hanoi craft-village week",
                level=FairLevel.INTERNATIONAL, province=catalog.batrang.county.province,
                timezone="Asia/Ho_Chi_Minh", opens_at=utcnow() - timedelta(days=1),
                closes_at=utcnow() + timedelta(days=6), permanent=False, booth_count=133,
                features_per_booth=4, theme_en="Sustainable production in craft villages")
    return fairs.FairInput(**{**data, **changes})


@pytest.fixture
def world(app, catalog):
    """A platform fair in Hanoi open now; the Jolfa cooperative's own fair; a platform admin,
    Jolfa's admin, Bat Trang's admin; the potter accepted with her bowl featured."""
    other = factories.other_cooperative(db.session, catalog)
    factories.user(db.session, "admin@example.com", Role.PLATFORM_ADMIN, "Platform")
    factories.coop_admin(db.session, catalog.coop, "jolfa-admin@example.com")
    factories.coop_admin(db.session, other, "battrang-admin@example.com")
    hanoi = fairs.create_fair(db.session, organiser=None, data=week(catalog))
    jolfa = fairs.create_fair(db.session, organiser=catalog.coop, data=week(
        catalog, name_en="Jolfa handicraft bazaar", name_fa="بازارچه دائمی صنایع‌دستی جلفا",
        province=catalog.province, timezone="Asia/Tehran", closes_at=None, permanent=True,
        level=FairLevel.COUNTY))
    booth = fairs.apply(db.session, fair=hanoi, artisan=catalog.potter)
    fairs.decide(db.session, booth=booth, accept=True)
    fairs.arrange_booth(db.session, booth=booth, listing_ids=[catalog.bowl.id],
                        note_fa="لعاب ترک‌دار", note_en="Crackle glazes from the riverbank kilns")
    coop_booth = fairs.apply(db.session, fair=jolfa, cooperative=catalog.coop)
    db.session.commit()
    return {"hanoi": hanoi, "jolfa": jolfa, "booth": booth, "coop_booth": coop_booth,
            "other": other}


def test_an_artisan_applies_is_accepted_features_a_listing_and_a_shopper_finds_it(
        app, catalog, world):
    """The booth story: apply from the studio, the organiser accepts, the artisan features a
    kilim and writes a note, a shopper finds it with the fair's search and opens the booth."""
    fair = world["hanoi"]
    weaver = as_user(app, "weaver@example.com")
    assert fair.name_en in weaver.get("/studio/fairs/").get_data(as_text=True)
    applied = post(weaver, f"/studio/fairs/{fair.slug}/apply",
                   {"applicant": "artisan", "application": "Kilims of the Aras valley"})
    assert applied.status_code == 302
    booth = db.session.scalar(select(Booth).where(Booth.artisan_id == catalog.weaver.id))
    assert booth.status == BoothStatus.APPLIED

    organiser = as_user(app, "admin@example.com")
    page = organiser.get(f"/organise/fairs/{fair.slug}").get_data(as_text=True)
    assert "Kilims of the Aras valley" in page
    post(organiser, f"/organise/fairs/{fair.slug}/booths/{booth.id}/decision",
         {"decision": "accept", "reason": ""})
    post(organiser, f"/organise/fairs/{fair.slug}/booths/{booth.id}/place",
         {"hall": "Hall B", "number": "42", "hours": "9:00–18:00"})

    saved = post(weaver, f"/studio/fairs/booths/{booth.id}", {
        "listings": [str(catalog.kilim.id)], "note_fa": "گلیم‌های دره ارس",
        "note_en": "Kilims woven on home looms by the Aras"})
    assert saved.status_code == 302

    shopper = app.test_client()
    set_language(shopper, "en")
    found = shopper.get("/search", query_string={"fair": fair.slug, "q": "kilim"})
    html = found.get_data(as_text=True).replace("<mark>", "").replace("</mark>", "")
    assert "Handwoven Jolfa kilim" in html and "At Hanoi craft-village week" in html
    assert "Glazed Bat Trang bowl" not in html  # at the fair, but not a kilim
    everything = shopper.get("/search", query_string={"fair": fair.slug}).get_data(as_text=True)
    assert "Glazed Bat Trang bowl" in everything and "Handwoven Jolfa kilim" in everything
    assert "Handwoven Jolfa kilim" not in shopper.get(
        "/search", query_string={"fair": world["jolfa"].slug}).get_data(as_text=True)
    fair_page = shopper.get(f"/fairs/{fair.slug}").get_data(as_text=True)
    assert "Kilims woven on home looms by the Aras" in fair_page and "Hall B" in fair_page
    booth_page = shopper.get(f"/fairs/{fair.slug}/booths/{booth.id}").get_data(as_text=True)
    assert "Handwoven Jolfa kilim" in booth_page and "9:00–18:00" in booth_page


def test_a_declined_applicant_reads_the_reason_and_may_apply_again(app, catalog, world):
    jolfa, booth = world["jolfa"], world["coop_booth"]
    organiser = as_user(app, "jolfa-admin@example.com")
    silent = post(organiser, f"/organise/fairs/{jolfa.slug}/booths/{booth.id}/decision",
                  {"decision": "decline", "reason": " "})
    assert silent.status_code == 302
    assert db.session.get(Booth, booth.id).status == BoothStatus.APPLIED
    post(organiser, f"/organise/fairs/{jolfa.slug}/booths/{booth.id}/decision",
         {"decision": "decline", "reason": "The bazaar's stalls are for single workshops"})
    holder = as_user(app, "jolfa-admin@example.com")
    assert "The bazaar&#39;s stalls are for single workshops" in holder.get(
        "/studio/fairs/").get_data(as_text=True)
    again = post(holder, f"/studio/fairs/{jolfa.slug}/apply",
                 {"applicant": f"coop:{catalog.coop.id}", "application": "One stall"})
    assert again.status_code == 302
    assert db.session.get(Booth, booth.id).status == BoothStatus.APPLIED


@pytest.mark.parametrize("who", [None, "weaver@example.com", "jolfa-admin@example.com",
                                 "battrang-admin@example.com"])
def test_only_the_organiser_manages_a_platform_fair(app, catalog, world, who):
    """S48: everyone but a platform admin gets 404 on a platform fair's organiser pages, and
    nothing changes."""
    fair, booth = world["hanoi"], world["booth"]
    client = as_user(app, who) if who else app.test_client()
    base = f"/organise/fairs/{fair.slug}"
    for path in (base, f"{base}/edit"):
        assert client.get(path).status_code in ((404,) if who else (302,))
    for path, data in ((f"{base}/booths/{booth.id}/decision",
                        {"decision": "decline", "reason": "no"}),
                       (f"{base}/booths/{booth.id}/place", {"hall": "Basement"}),
                       (f"{base}/events", {"kind": "talk", "title_fa": "x", "day": "2030-01-01",
                                           "starts": "10:00", "ends": "11:00", "booth": "0"}),
                       (f"{base}/edit", {"name_fa": "ربوده", "booth_count": "1"})):
        assert post(client, path, data).status_code in ((404,) if who else (302,))
    db.session.expire_all()
    assert (booth.status, booth.hall, fair.name_fa, fair.events) == (
        BoothStatus.ACCEPTED, "", "هفته روستاهای صنایع‌دستی هانوی", [])


@pytest.mark.parametrize("who", ["admin@example.com", "battrang-admin@example.com",
                                 "weaver@example.com"])
def test_only_the_cooperatives_admins_manage_its_fair_not_even_a_platform_admin(
        app, catalog, world, who):
    """S48: a cooperative's fair is managed by its admins only."""
    jolfa, booth = world["jolfa"], world["coop_booth"]
    client = as_user(app, who)
    assert client.get(f"/organise/fairs/{jolfa.slug}").status_code == 404
    assert post(client, f"/organise/fairs/{jolfa.slug}/booths/{booth.id}/decision",
                {"decision": "accept"}).status_code == 404
    assert db.session.get(Booth, booth.id).status == BoothStatus.APPLIED
    assert as_user(app, "jolfa-admin@example.com").get(
        f"/organise/fairs/{jolfa.slug}").status_code == 200


def test_an_organiser_cannot_reach_another_fairs_booths_through_their_own_fair(
        app, catalog, world):
    """S48: the Jolfa admin deciding the Hanoi fair's booth under the Jolfa fair's URL: 404."""
    client = as_user(app, "jolfa-admin@example.com")
    booth = world["booth"]
    url = f"/organise/fairs/{world['jolfa'].slug}/booths/{booth.id}"
    assert post(client, f"{url}/decision", {"decision": "decline", "reason": "x"}
                ).status_code == 404
    assert post(client, f"{url}/place", {"hall": "x"}).status_code == 404
    event = fairs.add_event(db.session, fair=world["hanoi"], kind="talk", title_fa="گفت‌وگو",
                            title_en="Talk", starts_at=utcnow(),
                            ends_at=utcnow() + timedelta(hours=1))
    db.session.commit()
    assert post(client, f"/organise/fairs/{world['jolfa'].slug}/events/{event.id}/delete"
                ).status_code == 404
    assert db.session.get(FairEvent, event.id) is not None
    assert db.session.get(Booth, booth.id).hall == ""


@pytest.mark.parametrize("who", ["weaver@example.com", "battrang-admin@example.com",
                                 "admin@example.com"])
def test_only_the_holder_arranges_a_booth(app, catalog, world, who):
    """S48: another artisan, another cooperative's admin and a platform admin get 404 for the
    potter's booth, and cannot feature, note or withdraw it."""
    booth = world["booth"]
    client = as_user(app, who)
    path = f"/studio/fairs/booths/{booth.id}"
    assert client.get(path).status_code == 404
    assert post(client, path, {"listings": [str(catalog.kilim.id)], "note_fa": "x"}
                ).status_code == 404
    assert post(client, f"{path}/withdraw").status_code == 404
    db.session.expire_all()
    assert [f.listing_id for f in booth.current_features] == [catalog.bowl.id]
    assert booth.status == BoothStatus.ACCEPTED


def test_a_cooperatives_booth_is_its_admins_and_nobody_elses(app, catalog, world):
    """S48: the Jolfa cooperative's booth: its admin reaches it, Bat Trang's admin does not."""
    booth = world["coop_booth"]
    assert as_user(app, "jolfa-admin@example.com").get(
        f"/studio/fairs/booths/{booth.id}").status_code == 200
    assert as_user(app, "battrang-admin@example.com").get(
        f"/studio/fairs/booths/{booth.id}").status_code == 404
    assert post(as_user(app, "battrang-admin@example.com"), f"/studio/fairs/{world['jolfa'].slug}"
                "/apply", {"applicant": f"coop:{catalog.coop.id}"}).status_code == 400


def test_a_shopper_has_no_studio_fairs_and_no_organiser_pages(app, catalog, world):
    shopper = factories.user(db.session, "leila@example.com")
    db.session.commit()
    client = as_user(app, shopper.email)
    assert client.get("/studio/fairs/").status_code == 404
    assert client.get("/organise/fairs/").status_code == 404
    assert client.get("/organise/fairs/new").status_code == 404


def test_a_booth_features_only_its_own_listings_up_to_the_fairs_limit(app, catalog, world):
    booth = world["booth"]
    potter = as_user(app, "potter@example.com")
    foreign = post(potter, f"/studio/fairs/booths/{booth.id}",
                   {"listings": [str(catalog.kilim.id)], "note_fa": ""})
    assert foreign.status_code == 400  # not one of the choices: the form refuses it
    assert [f.listing_id for f in db.session.get(Booth, booth.id).current_features] == [
        catalog.bowl.id]


def test_a_cooperative_admin_creates_a_fair_for_its_own_province_only(app, catalog, world):
    client = as_user(app, "jolfa-admin@example.com")
    form = {"organiser": str(catalog.coop.id), "name_fa": "نمایشگاه استانی", "name_en":
            "Provincial handicraft fair", "level": "province", "timezone": "Asia/Tehran",
            "opens_on": "2030-03-21", "opens_time": "10:00", "closes_on": "2030-03-28",
            "closes_time": "20:00", "booth_count": "40", "features_per_booth": "6"}
    elsewhere = post(client, "/organise/fairs/new",
                     {**form, "province": str(catalog.batrang.county.province.id)})
    assert elsewhere.status_code == 400
    assert "in its own province" in elsewhere.get_data(as_text=True)
    made = post(client, "/organise/fairs/new", {**form, "province": str(catalog.province.id)})
    assert made.status_code == 302
    fair = db.session.scalar(select(Fair).where(Fair.slug == "provincial-handicraft-fair"))
    assert fair.cooperative_id == catalog.coop.id
    assert fair.opens_at.replace(tzinfo=None) == utcnow().replace(
        year=2030, month=3, day=21, hour=6, minute=30, second=0, microsecond=0, tzinfo=None)
    platform = post(client, "/organise/fairs/new", {**form, "organiser": "0",
                                                    "province": str(catalog.province.id)})
    assert platform.status_code == 400  # only platform admins organise for the platform


def test_the_organiser_sees_visits_and_sales_per_booth(app, catalog, world):
    fair, booth = world["hanoi"], world["booth"]
    visitor = app.test_client()
    for _ in range(3):
        assert visitor.get(f"/fairs/{fair.slug}/booths/{booth.id}").status_code == 200
    ledger.post_sale(db.session, reference="order:at-the-fair", artisan_id=catalog.potter.id,
                     lines=[ledger.SaleLine(catalog.bowl.id, Money(350_000, "VND"), 500)])
    db.session.commit()
    page = as_user(app, "admin@example.com").get(f"/organise/fairs/{fair.slug}")
    row = page.get_data(as_text=True).split("Nguyen Thi Lan</a>")[1].split("</tr>")[0]
    assert ">3</td>" in row and "₫350,000" in row
    holder = as_user(app, "potter@example.com").get(f"/studio/fairs/booths/{booth.id}")
    assert "₫350,000" in holder.get_data(as_text=True)


def test_fair_pages_show_times_in_the_visitors_zone_and_else_in_the_venues(app, catalog, world):
    fair = world["hanoi"]
    fairs.add_event(db.session, fair=fair, kind="demonstration", title_fa="نمایش لعاب",
                    title_en="Glazing demonstration",
                    starts_at=utcnow().replace(hour=3, minute=0, second=0, microsecond=0),
                    ends_at=utcnow().replace(hour=4, minute=0, second=0, microsecond=0))
    db.session.commit()
    client = app.test_client()
    set_language(client, "en")
    html = client.get(f"/fairs/{fair.slug}").get_data(as_text=True)
    assert "10:00\u202fAM <span class=\"tz\">(Vietnam Time)</span>" in html  # CLDR's narrow space
    client.set_cookie("bazaar_tz", "Europe/Berlin")
    html = client.get(f"/fairs/{fair.slug}").get_data(as_text=True)
    assert "Glazing demonstration" in html and "(Germany (Berlin) Time)" in html
    client.set_cookie("bazaar_tz", "Not/A_Zone\r\n")
    assert "(Vietnam Time)" in client.get(f"/fairs/{fair.slug}").get_data(as_text=True)
    persian = app.test_client()
    set_language(persian, "fa")
    assert "۱۰:۰۰ <span class=\"tz\">(وقت ویتنام)</span>" in persian.get(
        f"/fairs/{fair.slug}").get_data(as_text=True)


def test_a_fair_counts_down_before_it_opens_and_keeps_an_archive_after_it_ends(app, catalog):
    coming = fairs.create_fair(db.session, organiser=None, data=week(
        catalog, name_en="Next week", opens_at=utcnow() + timedelta(days=3, hours=1)))
    ended = fairs.create_fair(db.session, organiser=None, data=week(
        catalog, name_en="Last year", opens_at=utcnow() - timedelta(days=400),
        closes_at=utcnow() - timedelta(days=393)))
    db.session.commit()
    client = app.test_client()
    set_language(client, "en")
    assert "Opens in 3 days" in client.get(f"/fairs/{coming.slug}").get_data(as_text=True)
    archive = client.get(f"/fairs/{ended.slug}").get_data(as_text=True)
    assert "This fair has ended" in archive and "data-countdown" not in archive
    assert "Last year" in client.get("/fairs/archive").get_data(as_text=True)
    home = client.get("/").get_data(as_text=True)
    assert "Next week" not in home and "Last year" not in home


def test_home_shows_the_fairs_open_now(app, catalog, world):
    client = app.test_client()
    set_language(client, "en")
    home = client.get("/").get_data(as_text=True)
    assert "Fairs open now" in home
    assert "Hanoi craft-village week" in home and "Jolfa handicraft bazaar" in home


def test_a_booth_not_accepted_or_of_another_fair_has_no_public_page(app, catalog, world):
    client = app.test_client()
    assert client.get(f"/fairs/{world['jolfa'].slug}/booths/{world['coop_booth'].id}"
                      ).status_code == 404  # applied, not accepted
    assert client.get(f"/fairs/{world['jolfa'].slug}/booths/{world['booth'].id}"
                      ).status_code == 404  # Hanoi's booth under Jolfa's URL
    assert db.session.scalar(select(BoothVisits)) is None
