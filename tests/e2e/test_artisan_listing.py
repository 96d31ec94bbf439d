"""An artisan lists a new piece with a photo under her cooperative; the cooperative's admin
approves it; shoppers find it in search within seconds."""
from __future__ import annotations

import re
import time

from PIL import Image, ImageDraw
from playwright.sync_api import expect

from tests.e2e.steps import log_in, search

TITLE_FA = "خورجین گلیمی زرکوب، روناسی"
TITLE_EN = "Zarkub saddlebag kilim, madder red"
QUERY = "زرکوب"  # a word no demo listing uses
CATEGORY = "گلیم و ورنی"  # kilims (under carpets and kilims)
COOP = "jolfa-handicraft-bazaar"
SEARCH_WITHIN = 10.0  # seconds from approval to the piece being found


def _photo(path):
    image = Image.new("RGB", (800, 600), (150, 40, 30))
    draw = ImageDraw.Draw(image)
    for step in range(0, 800, 80):
        draw.polygon([(step, 300), (step + 40, 260), (step + 80, 300), (step + 40, 340)],
                     fill=(230, 200, 120))
    image.save(path, "PNG")
    return path


def test_artisan_lists_a_piece_with_a_photo_and_it_is_found(story, tmp_path):
    artisan = story.person("artisan", locale="fa-IR")
    artisan.goto("/")
    log_in(artisan, "artisan@bazaar.test")
    artisan.goto("/studio/")
    artisan.locator("main a[href='/studio/listings/new']").first.click()

    artisan.locator("[name=title_fa]").fill(TITLE_FA)
    artisan.locator("[name=description_fa]").fill("خورجین دوقلو با نقش زرکوب، پشم دست‌ریس.")
    artisan.locator("[name=materials_fa]").fill("پشم، رنگ روناس")
    artisan.locator("[name=title_en]").fill(TITLE_EN)
    artisan.locator("[name=description_en]").fill("A double saddlebag woven with zarkub motifs.")
    category = artisan.locator("select[name=category] option", has_text=CATEGORY).first
    artisan.locator("select[name=category]").select_option(category.get_attribute("value"))
    cooperative = artisan.locator("select[name=cooperative] option", has_text="جلفا").first
    artisan.locator("select[name=cooperative]").select_option(cooperative.get_attribute("value"))
    artisan.locator("[name=price]").fill("4500000")
    artisan.locator("[name=stock]").fill("2")
    story.shot(artisan, "new listing form")
    with artisan.expect_navigation():
        artisan.locator("input[name=publish]").click()
    artisan.wait_for_url(re.compile(r"/studio/listings/\d+/edit$"))
    listing_id = re.search(r"/listings/(\d+)/", artisan.url).group(1)
    expect(artisan.locator(".flash-success")).to_be_visible()

    artisan.locator("input[name=photo]").set_input_files(_photo(tmp_path / "kilim.png"))
    with artisan.expect_navigation():
        artisan.locator("form.upload-form button[type=submit]").click()
    expect(artisan.locator(".photo-grid img")).to_have_count(1)
    story.shot(artisan, "saved with a photo, awaiting the cooperative")

    shopper = story.person("shopper", locale="fa-IR")
    shopper.goto("/")
    search(shopper, QUERY)
    expect(shopper.locator(".listing-card")).to_have_count(0)  # not live before approval
    story.shot(shopper, "not found before approval")

    coop = story.person("coop", locale="fa-IR")
    coop.goto("/")
    log_in(coop, "coop@bazaar.test")
    coop.goto(f"/coop/{COOP}/admin/")
    pending = coop.locator(f"form[action$='/listings/{listing_id}/review']")
    expect(pending).to_have_count(1)
    story.shot(coop, "cooperative admin sees it awaiting approval")
    with coop.expect_navigation():
        pending.locator("button[value=approve]").click()
    approved_at = time.monotonic()
    expect(coop.locator(".flash-success")).to_be_visible()
    story.shot(coop, "approved")

    card = shopper.locator(f".listing-card:has(a[href='/listings/{listing_id}'])")
    while True:
        shopper.reload()
        if card.count() or time.monotonic() - approved_at > SEARCH_WITHIN:
            break
        time.sleep(0.25)
    expect(card).to_have_count(1)
    found_after = time.monotonic() - approved_at
    assert found_after < SEARCH_WITHIN
    expect(card.locator("img")).to_be_visible()  # with its photo, not the placeholder
    expect(card).to_contain_text("زرکوب")
    story.shot(shopper, f"found in search {found_after:.1f}s after approval")

    card.locator("a.card-link").click()
    expect(shopper.locator("main h1")).to_have_text(TITLE_FA)
    story.shot(shopper, "the listing page")
