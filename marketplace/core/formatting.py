"""How numbers, money and dates look to a reader of each language. Templates use only this.

Babel 2.18 writes Latin digits and Gregorian dates for `fa`; Persian readers expect Persian
digits, the Persian percent sign, prices in toman (1 toman = 10 rials; we store rials) and
Jalali dates. Rials are shown in toman to every reader: Iranians price in toman, forms take
toman, and the currency switch offers "Toman".
"""
from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

import jdatetime
from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_time as babel_format_time
from babel.dates import format_timedelta, get_timezone_location
from babel.numbers import (
    format_compact_decimal,
    format_currency,
    format_decimal,
    get_currency_name,
    get_currency_symbol,
)

from marketplace.core.money import RIALS_PER_TOMAN, Money, minor_exponent

_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_JALALI_MONTHS = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
)
_TOMAN = {"fa": "تومان", "en": "toman"}
# Persian and Arabic-Indic digits read as ASCII; the Arabic thousands sign and comma as ",", the
# Arabic decimal sign as ".".
_ASCII_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٬،٫", "01234567890123456789,,.")
_TYPED_NUMBER = re.compile(r"\A[0-9]{1,15}(\.[0-9]{1,6})?\Z")
_TYPED_DATE = re.compile(r"\A([0-9]{4})[/.-]([0-9]{1,2})[/.-]([0-9]{1,2})\Z")
# A Gregorian year is mostly (from 21 March on) this many years after the Jalali one.
_JALALI_YEAR_OFFSET = 621


def ascii_digits(text: str) -> str:
    return text.translate(_ASCII_DIGITS)


def read_number(text: str) -> Decimal:
    """A non-negative number as a person types it: "۱۲٬۵۰۰٫۵", "12,500.5", "12 500".

    Only digits, thousands separators and one decimal sign: no signs, exponents, NaN or
    infinities. Raises ValueError for anything else.
    """
    plain = ascii_digits(text).strip().replace(",", "").replace(" ", "").replace("\u200c", "")
    if not _TYPED_NUMBER.match(plain):
        raise ValueError(f"not a typed number: {text!r}")
    return Decimal(plain)


def typed_money(value: Decimal, currency: str) -> Money:
    """An amount as people type it into a form: whole toman for rials, major units otherwise.

    A fraction of a toman (or of a cent) is refused with ValueError, never rounded away.
    """
    scale = RIALS_PER_TOMAN if currency == "IRR" else 10 ** minor_exponent(currency)
    typed_unit = Decimal(1) if currency == "IRR" else Decimal(1).scaleb(-minor_exponent(currency))
    if Decimal(value) % typed_unit:
        raise ValueError(f"{value} {currency} is not a whole number of typed units")
    return Money(int(Decimal(value) * scale), currency)


def as_typed(money: Money) -> Decimal:
    """`typed_money`'s inverse: what a form shows for an amount it lets people change."""
    if money.currency == "IRR":
        return Decimal(money.amount_minor // RIALS_PER_TOMAN)
    return money.to_decimal()


def persian_digits(text: str) -> str:
    return text.translate(_PERSIAN_DIGITS)


def localize_digits(text: str, lang: str) -> str:
    return persian_digits(text) if lang == "fa" else text


def format_number(value: int | Decimal, lang: str) -> str:
    formatted = format_decimal(value, locale=_babel_locale(lang), numbering_system="default")
    return localize_digits(formatted, lang)


def format_money(money: Money, lang: str) -> str:
    if money.currency == "IRR":
        tomans = Decimal(money.amount_minor) / RIALS_PER_TOMAN
        return f"{format_number(tomans, lang)} {_TOMAN.get(lang, _TOMAN['en'])}"
    if lang == "fa":
        return persian_digits(
            format_currency(
                money.to_decimal(), money.currency, locale=_babel_locale("fa"),
                numbering_system="default",
            )
        ).replace("\u200e", "")
    locale = _babel_locale(lang)
    if get_currency_symbol(money.currency, locale) == money.currency:
        # Babel glues a bare code to the number ("IRR1,250,000"); put it after, spaced.
        return f"{format_number(money.to_decimal(), lang)} {money.currency}"
    return format_currency(money.to_decimal(), money.currency, locale=locale)


def format_percent(value: int | float | Decimal, lang: str) -> str:
    """"۸٪" for Persian readers (the Persian percent sign), "8%" or "8.5%" for English ones."""
    number = format_number(Decimal(str(value)).normalize(), lang)
    return f"{number}٪" if lang == "fa" else f"{number}%"


def currency_name(code: str, lang: str) -> str:
    """What a reader calls a currency in a list or a filter: "تومان" / "Toman" for rials (which
    are shown in toman), "دلار آمریکا" for Persian readers of USD, the code for English ones."""
    if code == "IRR":
        return _TOMAN["fa"] if lang == "fa" else "Toman"
    if lang == "fa":
        return get_currency_name(code, locale=_babel_locale("fa"))
    return code


def format_year(year: int, lang: str) -> str:
    """A year known only as a Gregorian number, in the reader's calendar: the Jalali year that
    covers most of it (from 21 March) for Persian readers."""
    if lang == "fa":
        return persian_digits(str(year - _JALALI_YEAR_OFFSET))
    return str(year)


def format_date_numeric(value: date, lang: str) -> str:
    """"۱۴۰۵/۰۹/۱۱" (Jalali) for Persian readers, "2026-12-02" for English ones: what a date
    field shows and takes (`read_date`)."""
    if lang == "fa":
        jalali = jdatetime.date.fromgregorian(date=value)
        return persian_digits(f"{jalali.year:04d}/{jalali.month:02d}/{jalali.day:02d}")
    return value.isoformat()


def read_date(text: str, lang: str) -> date:
    """A date as a person types it: a Jalali "۱۴۰۵/۰۹/۱۱" for Persian readers, "2026-12-02"
    for English ones (either digits, "/", "-" or "."). Raises ValueError for anything else."""
    match = _TYPED_DATE.match(ascii_digits(text).strip())
    if not match:
        raise ValueError(f"not a typed date: {text!r}")
    year, month, day = (int(part) for part in match.groups())
    if lang == "fa":
        return jdatetime.date(year, month, day).togregorian()
    return date(year, month, day)


def format_date(value: date | datetime, lang: str) -> str:
    """"۴ آذر ۱۴۰۵" for Persian readers, "Nov 25, 2026" for English ones."""
    if isinstance(value, datetime):
        value = value.date()
    if lang == "fa":
        jalali = jdatetime.date.fromgregorian(date=value)
        return persian_digits(f"{jalali.day} {_JALALI_MONTHS[jalali.month - 1]} {jalali.year}")
    return babel_format_date(value, format="medium", locale=_babel_locale(lang))


def in_zone(moment: datetime, zone: str) -> datetime:
    """A stored moment (aware, or naive UTC as SQLite returns it) as local time in `zone`."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(ZoneInfo(zone))


def format_time(moment: datetime, lang: str, zone: str) -> str:
    """"۱۴:۳۰" for Persian readers, "2:30 PM" for English ones, in `zone`."""
    local = in_zone(moment, zone)
    if lang == "fa":
        return persian_digits(f"{local:%H:%M}")
    return babel_format_time(local, format="short", locale=_babel_locale(lang))


def format_datetime(moment: datetime, lang: str, zone: str) -> str:
    """"۴ آذر ۱۴۰۵، ۱۴:۳۰" (Jalali) or "Nov 25, 2026, 2:30 PM", in `zone`."""
    local = in_zone(moment, zone)
    comma = "،" if lang == "fa" else ","
    return f"{format_date(local.date(), lang)}{comma} {format_time(moment, lang, zone)}"


def format_duration(delta: timedelta, lang: str) -> str:
    """Roughly how long: "3 days", "۵ ساعت"."""
    text = format_timedelta(delta, threshold=1.5, add_direction=False,
                            locale=_babel_locale(lang))
    return localize_digits(text, lang)


def zone_name(zone: str, lang: str) -> str:
    """"وقت ویتنام" / "Vietnam Time": what a time shown in `zone` is labelled with."""
    if zone == "UTC":
        return "UTC"
    return get_timezone_location(zone, locale=_babel_locale(lang))


def format_money_compact(money: Money, lang: str) -> str:
    """A chart label: "12M" / "۱۲ میلیون" (toman for Persian readers of rial amounts)."""
    value = money.to_decimal()
    if lang == "fa" and money.currency == "IRR":
        value = value / RIALS_PER_TOMAN
    text = format_compact_decimal(value, locale=_babel_locale(lang), fraction_digits=1)
    return persian_digits(text).replace(".", "٫") if lang == "fa" else text


def format_month(year: int, month: int, lang: str) -> str:
    """A month of the reader's calendar: "آذر ۱۴۰۵" (Jalali year and month) or "Nov 2026"."""
    if lang == "fa":
        return persian_digits(f"{_JALALI_MONTHS[month - 1]} {year}")
    return babel_format_date(date(year, month, 1), format="MMM yyyy", locale=_babel_locale(lang))


def format_dimensions_cm(*millimetres: int | None, lang: str) -> str:
    parts = [format_number(Decimal(mm) / 10, lang) for mm in millimetres if mm]
    return " × ".join(parts)


@lru_cache(maxsize=32)
def _babel_locale(lang: str) -> Locale:
    """Parsed once per language: Babel re-parses a locale string (and reloads its data
    dictionary) on every call, which was a measurable share of each page."""
    return Locale.parse({"fa": "fa_IR", "en": "en_US"}.get(lang, lang))
