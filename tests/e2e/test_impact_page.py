"""A visitor reads the public impact page on a 360 px phone and on a desktop, in Persian and
English: the page never scrolls sideways, the charts' labels stay legible, and a province opens
its counties."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import ui_text

# Smaller than this, a chart label is a grey smear on a phone.
LEGIBLE_PX = 11


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_a_visitor_on_a_phone_reads_where_the_money_went(story, lang):
    visitor = story.person("visitor", locale=lang)
    for width in (1280, 360):
        visitor.set_viewport_size({"width": width, "height": 800})
        visitor.goto("/impact/")
        expect(visitor.locator("h1")).to_contain_text(ui_text("Where the money went", lang))
        expect(visitor.locator("#places-table tbody tr").first).to_be_visible()
        story.shot(visitor, f"impact at {width} px")

        assert visitor.evaluate("document.documentElement.scrollWidth") <= width
        label_heights = visitor.locator(".hbar-chart .hbar-label").evaluate_all(
            "labels => labels.map(l => l.getBoundingClientRect().height)")
        assert label_heights
        assert min(label_heights) >= LEGIBLE_PX

    visitor.locator("#places-table tbody th a").first.click()
    expect(visitor.locator("h2#places-title")).to_contain_text(
        ui_text("Money to artisans by county", lang))
    assert visitor.evaluate("document.documentElement.scrollWidth") <= 360
    story.shot(visitor, "a province's counties on a phone")
