"""A visitor browses shops, regions and listings in Persian and in English."""
from __future__ import annotations

import re

import pytest

from tests.conftest import set_language

PAGES = [
    "/",
    "/regions",
    "/regions/east-azerbaijan",
    "/regions/east-azerbaijan/jolfa-county",
    "/villages/jolfa",
    "/artisans/maryam-ahmadi",
    "/coops/jolfa-handicrafts",
]


@pytest.mark.parametrize("path", PAGES + ["listing"])
@pytest.mark.parametrize(("lang", "direction"), [("fa", "rtl"), ("en", "ltr")])
def test_every_page_renders_in_both_languages(client, catalog, path, lang, direction):
    if path == "listing":
        path = f"/listings/{catalog.kilim.id}"
    set_language(client, lang)
    response = client.get(path)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'<html lang="{lang}" dir="{direction}">' in html


def test_persian_is_the_default_and_english_browsers_get_english(client, catalog):
    assert 'dir="rtl"' in client.get("/").get_data(as_text=True)
    english = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert 'dir="ltr"' in english.get_data(as_text=True)


def test_listing_page_shows_provenance_price_and_stock_in_persian(client, catalog):
    html = client.get(f"/listings/{catalog.kilim.id}").get_data(as_text=True)
    assert "گلیم دست‌باف جلفا" in html
    assert "۱۲٬۵۰۰٬۰۰۰ تومان" in html  # 125,000,000 rials shown as toman with Persian digits
    assert "۵ عدد موجود" in html or "۵" in html
    for fact in ("جلفا", "آذربایجان شرقی", "مریم احمدی", "تعاونی صنایع‌دستی جلفا", "گلیم", "پشم"):
        assert fact in html
    assert "۱۸۰ × ۱۲۰" in html  # dimensions in cm with Persian digits


def test_listing_page_in_english_shows_english_text_and_formatted_price(client, catalog):
    set_language(client, "en")
    html = client.get(f"/listings/{catalog.bowl.id}").get_data(as_text=True)
    assert "Glazed Bat Trang bowl" in html
    assert "₫350,000" in html
    assert "Bat Trang" in html and "Vietnam" in html


def test_listing_without_english_text_falls_back_to_persian_with_a_note(client, catalog):
    set_language(client, "en")
    html = client.get(f"/listings/{catalog.teapot.id}").get_data(as_text=True)
    assert "جاجیم رنگی" in html
    assert "no English description yet" in html
    assert "Sold out" in html


def test_artisan_shop_shows_story_village_and_active_listings_only(client, catalog):
    set_language(client, "en")
    html = client.get("/artisans/nguyen-thi-lan").get_data(as_text=True)
    assert "Glazed Bat Trang bowl" in html
    assert "Draft vase" not in html
    html = client.get("/artisans/maryam-ahmadi").get_data(as_text=True)
    assert "I have woven kilims since childhood." in html
    assert "Women-led" in html and "Jolfa Handicraft Cooperative" in html


def test_cooperative_shop_lists_members_and_their_work(client, catalog):
    set_language(client, "en")
    html = client.get("/coops/jolfa-handicrafts").get_data(as_text=True)
    assert "Maryam Ahmadi" in html
    assert "Handwoven Jolfa kilim" in html
    assert "Nguyen Thi Lan" not in html


def test_region_pages_walk_from_province_to_village(client, catalog):
    set_language(client, "en")
    province = client.get("/regions/east-azerbaijan").get_data(as_text=True)
    assert "Jolfa Handicraft Cooperative" in province and "/villages/jolfa" in province
    village = client.get("/villages/jolfa").get_data(as_text=True)
    assert "A border town on the Aras river." in village
    assert "Handwoven Jolfa kilim" in village
    assert "Glazed Bat Trang bowl" not in village


def test_home_shows_cooperatives_regions_and_new_listings(client, catalog):
    set_language(client, "en")
    html = client.get("/").get_data(as_text=True)
    assert "Jolfa Handicraft Cooperative" in html
    assert "East Azerbaijan" in html and "Hanoi" in html
    assert "Glazed Bat Trang bowl" in html
    assert "Draft vase" not in html


@pytest.mark.parametrize(
    "path",
    [
        "/artisans/nobody", "/coops/nothing", "/regions/atlantis", "/regions/east-azerbaijan/hanoi",
        "/villages/nowhere", "/listings/999999", "/listings/abc", "/no/such/page",
        "/media/../config.py", "/media/secret.txt",
    ],
)
def test_unknown_things_get_a_friendly_404_in_the_visitors_language(client, catalog, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "پیدا نکردیم" in response.get_data(as_text=True)


def test_draft_listing_is_not_public(client, catalog):
    assert client.get(f"/listings/{catalog.draft.id}").status_code == 404


def test_listing_photos_are_served_with_nosniff(client, catalog):
    html = client.get(f"/listings/{catalog.kilim.id}").get_data(as_text=True)
    src = re.search(r'src="(/media/[0-9a-f]{32}\.jpg)"', html).group(1)
    response = client.get(src)
    assert response.status_code == 200
    assert response.mimetype == "image/jpeg"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_pages_carry_security_headers(client, catalog):
    """S16: CSP without inline script, nosniff, referrer policy, no framing."""
    headers = client.get("/").headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_page_through_a_cooperatives_listings(client, catalog):
    response = client.get("/coops/jolfa-handicrafts?page=999")
    assert response.status_code == 200
    assert client.get("/coops/jolfa-handicrafts?page=-3").status_code == 200
