"""A shopper searches and browses the catalogue in Persian and English."""
from __future__ import annotations

import re

import pytest

from marketplace.extensions import db
from tests import factories
from tests.conftest import set_language

ZWNJ = "\u200c"


def titles(html: str) -> list[str]:
    found = re.findall(r'<h3 class="card-title"[^>]*>(.*?)</h3>', html, re.S)
    return [re.sub(r"</?mark>", "", t).strip() for t in found]


def test_the_search_box_is_on_every_page(client, catalog):
    html = client.get("/").get_data(as_text=True)
    assert 'type="search" name="q"' in html and 'action="/search"' in html


def test_english_search_finds_stemmed_words_highlighted_with_a_count(client, catalog):
    set_language(client, "en")
    html = client.get("/search?q=kilims").get_data(as_text=True)
    assert "2 results for “kilims”" in html
    assert "Handwoven Jolfa kilim" in titles(html)
    assert "<mark>kilim</mark>" in html
    assert "Glazed Bat Trang bowl" not in html


@pytest.mark.parametrize(
    "query", [f"دست{ZWNJ}باف", "دست باف", "دستباف", "دست‌بافِ", "گليم دستباف جلفا"]
)
def test_persian_search_matches_however_the_words_were_typed(client, catalog, query):
    html = client.get("/search", query_string={"q": query}).get_data(as_text=True)
    assert "گلیم دست‌باف جلفا" in titles(html)


def test_a_persian_query_finds_a_listing_by_its_english_text_too(client, catalog):
    html = client.get("/search?q=glazed").get_data(as_text=True)
    assert titles(html) == ["کاسه سفالی لعاب‌دار"]


def test_a_search_box_query_is_shown_escaped_with_its_highlights(client, catalog):
    """S17: the search text and highlighted titles are escaped."""
    factories.listing(db.session, catalog.weaver, catalog.kilims,
                      title_fa="<script>alert(1)</script> گلیم", title_en=None,
                      price_minor=1_000_000)
    db.session.commit()
    html = client.get("/search", query_string={"q": "گلیم"}).get_data(as_text=True)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>گلیم</mark>" in html
    html = client.get("/search", query_string={"q": "<script>alert(2)</script>"}).get_data(
        as_text=True
    )
    assert "<script>alert" not in html
    assert 'value="&lt;script&gt;alert(2)&lt;/script&gt;"' in html


def test_facets_filter_and_the_filters_live_in_the_url(client, catalog):
    set_language(client, "en")
    html = client.get("/search").get_data(as_text=True)
    assert "3 listings" in html
    assert 'href="/search?country=VN"' in html
    html = client.get("/search?country=VN").get_data(as_text=True)
    assert titles(html) == ["Glazed Bat Trang bowl"]
    assert "1 listing" in html
    html = client.get("/search?in_stock=1").get_data(as_text=True)
    assert "جاجیم رنگی" not in titles(html)  # sold out


def test_price_range_in_toman_for_persian_readers(client, catalog):
    # The kilim is 125,000,000 rials = 12,500,000 toman; the jajim 4,800,000 toman.
    html = client.get(
        "/search", query_string={"currency": "IRR", "unit": "toman", "min": "۱۰٬۰۰۰٬۰۰۰"}
    ).get_data(as_text=True)
    assert titles(html) == ["گلیم دست‌باف جلفا"]


def test_sorting_by_price(client, catalog):
    html = client.get("/search?currency=IRR&sort=price_asc").get_data(as_text=True)
    assert titles(html) == ["جاجیم رنگی", "گلیم دست‌باف جلفا"]


def test_category_and_region_pages_browse_with_facets(client, catalog):
    set_language(client, "en")
    html = client.get("/categories/carpets-kilims").get_data(as_text=True)
    assert "<h1>Carpets &amp; kilims</h1>" in html
    assert sorted(titles(html)) == ["Handwoven Jolfa kilim", "جاجیم رنگی"]
    assert 'href="/categories/carpets-kilims?coop=jolfa-handicrafts"' in html
    html = client.get("/made-in/hanoi").get_data(as_text=True)
    assert titles(html) == ["Glazed Bat Trang bowl"]
    assert client.get("/categories/no-such-thing").status_code == 404


def test_a_misspelt_query_shows_the_corrected_querys_results_and_offers_the_typed_one(
        client, catalog):
    set_language(client, "en")
    html = client.get("/search?q=kilm").get_data(as_text=True)
    assert "Showing results for" in html and "<strong dir=\"auto\">kilim</strong>" in html
    assert titles(html)[0] == "Handwoven Jolfa kilim"
    assert 'href="/search?q=kilm&amp;exact=1"' in html

    typed = client.get("/search?q=kilm&exact=1").get_data(as_text=True)
    assert "Showing results for" not in typed and titles(typed) == []
    assert "Did you mean" in typed and 'href="/search?q=kilim&amp;exact=1"' in typed


def test_the_corrected_results_notice_is_in_persian_for_persian_readers(client, catalog):
    html = client.get("/search?q=kilm").get_data(as_text=True)
    assert "نمایش نتایج" in html and "جست‌وجوی همان" in html


@pytest.mark.parametrize("query", ['title:(', '"', "!!!", "\x1f\x07", "x" * 10_240])
def test_junk_queries_show_a_page(client, catalog, query):
    """S19: junk in the search box never errors."""
    set_language(client, "en")
    response = client.get("/search", query_string={"q": query, "page": "-5", "min": "x"})
    assert response.status_code == 200


def test_a_nul_in_the_search_box_gets_a_plain_refusal(client, catalog):
    """S19, S39: NUL is no text anyone types; it is refused with a page, not an error."""
    set_language(client, "en")
    response = client.get("/search", query_string={"q": "kilim\x00"})
    assert response.status_code == 400
    assert "check what you entered" in response.get_data(as_text=True)


def test_punctuation_only_query_explains_and_shows_everything(client, catalog):
    set_language(client, "en")
    html = client.get("/search?q=%21%21%3F").get_data(as_text=True)
    assert "no words we could look for" in html
    assert len(titles(html)) == 3


def test_pagination_24_per_page_with_an_exact_total(client, catalog):
    for i in range(30):
        factories.listing(db.session, catalog.potter, catalog.ceramics,
                          title_fa=f"بشقاب {i}", title_en=f"Plate {i}", price_minor=1000 + i,
                          currency="VND")
    db.session.commit()
    set_language(client, "en")
    first = client.get("/search?q=plate").get_data(as_text=True)
    assert "30 results" in first and len(titles(first)) == 24
    assert 'href="/search?q=plate&amp;page=2"' in first
    second = client.get("/search?q=plate&page=2").get_data(as_text=True)
    assert len(titles(second)) == 6
    assert not set(titles(first)) & set(titles(second))


def test_the_search_box_works_as_a_plain_form_and_loads_the_suggestions_script(client, catalog):
    html = client.get("/").get_data(as_text=True)
    assert '<form class="site-search" role="search" method="get" action="/search">' in html
    assert 'src="/static/js/suggest.js" data-url="/api/v1/suggest"' in html


def test_a_two_word_search_with_no_full_match_shows_the_pieces_with_some_of_the_words(
        client, catalog):
    set_language(client, "en")
    html = client.get("/search?q=jolfa+bowl").get_data(as_text=True)
    assert "No listing has all of" in html and "With some of your words" in html
    assert titles(html)[0] == "Glazed Bat Trang bowl"
    assert "Nothing matched" not in html

    set_language(client, "fa")
    persian = client.get("/search?q=jolfa+bowl").get_data(as_text=True)
    assert "با بخشی از واژه‌های شما" in persian
