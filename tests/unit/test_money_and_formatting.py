"""Money stays integer; Persian readers see toman, Persian digits and Jalali dates."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.core.formatting import (
    format_date,
    format_money,
    format_number,
    persian_digits,
    read_date,
)
from marketplace.core.money import CurrencyMismatch, Money


def test_money_refuses_floats_and_mixed_currencies():
    with pytest.raises(TypeError):
        Money(19.99, "USD")  # type: ignore[arg-type]
    with pytest.raises(CurrencyMismatch):
        Money(100, "USD") + Money(100, "EUR")
    with pytest.raises(TypeError):
        Money(100, "USD") * 1.5  # type: ignore[operator]


def test_from_decimal_respects_currency_precision():
    assert Money.from_decimal("19.99", "USD") == Money(1999, "USD")
    assert Money.from_decimal("0.005", "USD") == Money(0, "USD")  # half-even
    assert Money.from_decimal("125000", "IRR") == Money(125000, "IRR")
    assert Money(1999, "USD").to_decimal() == Decimal("19.99")


@given(st.integers(min_value=-10**12, max_value=10**12), st.sampled_from(["USD", "IRR", "VND"]))
def test_decimal_round_trip(amount, currency):
    money = Money(amount, currency)
    assert Money.from_decimal(money.to_decimal(), currency) == money


def test_rials_are_shown_as_toman_with_persian_digits():
    assert format_money(Money(1_250_000, "IRR"), "fa") == "۱۲۵٬۰۰۰ تومان"
    assert format_money(Money(1_250_000, "IRR"), "en") == "125,000 toman"
    assert format_money(Money(1999, "USD"), "en") == "$19.99"
    assert "۱۹٫۹۹" in format_money(Money(1999, "USD"), "fa")


def test_dates_are_jalali_for_persian_readers():
    assert format_date(date(2026, 11, 25), "fa") == "۴ آذر ۱۴۰۵"
    assert format_date(date(2026, 3, 21), "fa") == "۱ فروردین ۱۴۰۵"
    assert format_date(date(2026, 11, 25), "en") == "Nov 25, 2026"


def test_numbers_use_persian_digits_and_separators():
    assert format_number(1234567, "fa") == "۱٬۲۳۴٬۵۶۷"
    assert format_number(1234567, "en") == "1,234,567"
    assert persian_digits("HB-1403") == "HB-۱۴۰۳"


def test_a_date_is_read_in_the_calendar_and_digits_its_reader_types():
    assert read_date("۱۴۰۵/۰۹/۱۱", "fa") == date(2026, 12, 2)
    assert read_date("1405-9-11", "fa") == date(2026, 12, 2)
    assert read_date("2026-12-02", "en") == date(2026, 12, 2)
    for typed, lang in (("۱۴۰۵/۱۳/۰۱", "fa"), ("12/02/2026", "en"), ("2026-02-30", "en"),
                        ("", "fa")):
        with pytest.raises(ValueError):
            read_date(typed, lang)
