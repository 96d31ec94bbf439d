"""What people do on the site, as small steps shared by the stories."""
from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from pathlib import Path

from babel.support import Translations
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DEMO_PASSWORD, ROOT

TRANSLATIONS = Path(ROOT / "marketplace" / "translations")
_PERSIAN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")


@cache
def _catalogue(lang: str) -> Translations:
    return Translations.load(str(TRANSLATIONS), [lang], domain="messages")


def ui_text(message: str, lang: str) -> str:
    """What the page shows for `message` in `lang`: the shipped translation, or the English
    text while a translation is still pending (as the app itself falls back)."""
    return _catalogue(lang).gettext(message)


def number_in(text: str) -> Decimal:
    """The first number in a rendered text, Persian or Latin digits, grouping removed."""
    latin = text.translate(_PERSIAN_DIGITS).replace("٬", "").replace(",", "").replace("٫", ".")
    match = re.search(r"\d+(?:\.\d+)?", latin)
    assert match, f"no number in {text!r}"
    return Decimal(match.group(0))


def in_menu(page: Page, selector: str):
    """A link or form of the header's menu; on a phone it sits behind the Menu button, which
    is pressed first, as a person would."""
    button = page.locator(".site-header .menu-button")
    if button.is_visible() and page.locator(".site-header details.menu[open]").count() == 0:
        button.click()
    return page.locator(f".main-nav {selector}")


def log_in(page: Page, email: str) -> None:
    """Log in through the header link, landing back where the person was."""
    in_menu(page, "a[href^='/account/login']").click()
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator(".main-nav form[action='/account/logout']")).to_be_attached()


def search(page: Page, query: str) -> None:
    """Type a query into the header search box, as a person does, and submit it."""
    box = page.locator("#site-search-q")
    box.fill("")
    box.press_sequentially(query)
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search\?"))


def add_to_cart(page: Page) -> None:
    """On a listing page: add one to the cart."""
    before = cart_count(page)
    with page.expect_navigation():
        page.locator("form.add-to-cart button[type=submit]").click()
    assert cart_count(page) == before + 1


def cart_count(page: Page) -> int:
    text = page.locator(".site-header .cart-link").inner_text()
    match = re.search(r"\(([^)]+)\)", text)
    return int(number_in(match.group(1))) if match else 0


def fill_address(page: Page, *, name: str, address: str, city: str, postcode: str,
                 country: str, phone: str = "") -> None:
    page.locator("[name=name]").fill(name)
    page.locator("[name=address]").fill(address)
    page.locator("[name=city]").fill(city)
    page.locator("[name=postcode]").fill(postcode)
    page.locator("select[name=country]").select_option(country)
    page.locator("[name=phone]").fill(phone)
