"""A cooperative's admin issues shares and declares a dividend out of retained earnings; the
shareholder sees the new holding and the dividend owed in their portal."""
from __future__ import annotations

from playwright.sync_api import expect

from marketplace.core.formatting import format_money, format_number
from marketplace.core.money import Money
from tests.e2e.steps import log_in, number_in

COOP = "jolfa-handicraft-bazaar"
COOP_NAME_EN = "Jolfa Handicraft Bazaar Cooperative"
HOLDER = "Hassan Al-Moussawi"  # shareholder@bazaar.test, a foreign resident (README)
ISSUED = 10
TOMAN_PER_SHARE = 100  # the dividend is this much per share, so every part is exact


def test_cooperative_admin_pays_a_dividend_the_shareholder_sees(story):
    coop = story.person("coop", locale="fa-IR")
    coop.goto("/")
    log_in(coop, "coop@bazaar.test")
    coop.locator(f".main-nav a[href='/coop/{COOP}/admin/']").click()
    coop.locator(f".subnav a[href='/coop/{COOP}/admin/shareholders']").click()
    row = coop.locator("table tbody tr", has_text=HOLDER)
    held_before = int(number_in(row.locator("td.num").first.inner_text()))
    story.shot(coop, "cap table before")

    issue = coop.locator("form[action$='/shares/issue']")
    holder = issue.locator("select[name$=shareholder] option", has_text=HOLDER).first
    issue.locator("select[name$=shareholder]").select_option(holder.get_attribute("value"))
    issue.locator("input[name$=quantity]").fill(str(ISSUED))
    with coop.expect_navigation():
        issue.locator("button[type=submit]").click()
    held = held_before + ISSUED
    expect(row.locator("td.num").first).to_have_text(format_number(held, "fa"))
    total = int(number_in(coop.locator("table tfoot th.num").first.inner_text()))
    story.shot(coop, f"issued {ISSUED} shares")

    coop.locator(f".subnav a[href='/coop/{COOP}/admin/dividends']").click()
    retained = number_in(coop.locator(".stat-value").first.inner_text())  # toman
    amount = total * TOMAN_PER_SHARE
    assert amount <= retained, f"Jolfa's retained earnings ({retained} toman) < {amount}"
    dividend = coop.locator("form[action$='/admin/dividends']")
    dividend.locator("input[name=amount]").fill(str(amount))
    story.shot(coop, "declaring a dividend")
    with coop.expect_navigation():
        dividend.locator("button[type=submit]").click()
    expect(coop.locator(".flash-success")).to_be_visible()
    part = Money(held * TOMAN_PER_SHARE * 10, "IRR")  # rials
    declared = coop.locator("section.card", has_text=format_money(Money(amount * 10, "IRR"), "fa"))
    expect(declared.locator("tr", has_text=HOLDER)).to_contain_text(format_money(part, "fa"))
    story.shot(coop, "dividend declared and allocated")

    shareholder = story.person("shareholder", locale="en-US")
    shareholder.goto("/")
    log_in(shareholder, "shareholder@bazaar.test")
    shareholder.locator(".main-nav a[href='/me/holdings']").click()
    holding = shareholder.locator("section.holding", has_text=COOP_NAME_EN)
    expect(holding.locator(".stat-value").first).to_have_text(format_number(held, "en"))
    owed = holding.locator("table tbody tr", has_text=format_money(part, "en"))
    expect(owed).to_have_count(1)
    expect(owed).to_contain_text(format_number(held, "en"))
    expect(owed).to_contain_text("owed")
    story.shot(shareholder, "shareholder sees the dividend owed")
