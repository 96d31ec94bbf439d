"""Forms and fields every blueprint shares.

Numbers are typed into text inputs with `inputmode`, not `type=number`: a browser silently drops
Persian digits from a number input, and Persian readers type them. The fields below read Persian
and Arabic-Indic digits and separators (`formatting.read_number`), and refuse signs, exponents,
NaN and fractions of a minor unit with a message instead of an error page.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import email_validator
from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field
from wtforms.validators import ValidationError
from wtforms.widgets import TextInput

from marketplace.core.formatting import (
    as_typed,
    format_date_numeric,
    read_date,
    read_number,
    typed_money,
)
from marketplace.core.money import Money


class ActionForm(FlaskForm):
    """A button that changes something: only a CSRF token (S15)."""


class _TypedNumberField(Field):
    widget = TextInput()
    inputmode = "decimal"
    message = _l("Enter a number in figures, such as 12 or ۱۲.")

    def __init__(self, label=None, validators=None, **kwargs) -> None:
        render_kw = {"inputmode": self.inputmode, "autocomplete": "off",
                     **kwargs.pop("render_kw", {})}
        super().__init__(label, validators, render_kw=render_kw, **kwargs)

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.data)

    def process_formdata(self, valuelist: list[str]) -> None:
        text = str(valuelist[0]).strip() if valuelist else ""  # JSON may send a number
        if not text:
            self.data = None
            return
        try:
            self.data = self.convert(read_number(text))
        except ValueError as exc:
            self.data = None
            raise ValueError(self.message) from exc

    def convert(self, number: Decimal) -> Decimal | int:
        return number


class WholeNumberField(_TypedNumberField):
    """A count (stock, shares, days, an id): a whole number, never negative."""

    inputmode = "numeric"
    message = _l("Enter a whole number in figures, such as 3 or ۳.")

    def convert(self, number: Decimal) -> int:
        if number != number.to_integral_value():
            raise ValueError("not whole")
        return int(number)


class NumberField(_TypedNumberField):
    """A measure (centimetres, a percentage): a non-negative decimal number."""


class MoneyField(_TypedNumberField):
    """An amount as people type it: whole toman for rials, major units (cents allowed) otherwise.

    The view (or the form, for a currency chosen in another field) sets `currency` before the
    form is validated; a valid field then holds the amount as `money`.
    """

    message = _l("Enter an amount in figures, such as 1250000.")

    def __init__(self, label=None, validators=None, *, maximum: Decimal = Decimal(10**12),
                 **kwargs) -> None:
        super().__init__(label, validators, **kwargs)
        self.maximum = maximum
        self.currency: str | None = None
        self.money: Money | None = None

    def show(self, money: Money) -> None:
        """Fill the field with a stored amount, as the person would type it."""
        self.currency = money.currency
        self.data = as_typed(money)

    def post_validate(self, form, validation_stopped: bool) -> None:
        if validation_stopped or self.errors or self.data is None or self.currency is None:
            return
        if self.data <= 0:
            raise ValidationError(_l("Enter an amount above zero."))
        if self.data > self.maximum:
            raise ValidationError(_l("That amount is too large."))
        try:
            self.money = typed_money(self.data, self.currency)
        except ValueError as exc:
            message = (_l("Amounts in toman are whole numbers.") if self.currency == "IRR"
                       else _l("That amount has more decimal places than the currency."))
            raise ValidationError(message) from exc


class EmailAddress:
    """An email address as email_validator reads it, without asking DNS.

    Outside production (`EMAIL_ALLOW_TEST_DOMAIN`) the special-use `.test` domain passes too:
    the demo's people are `…@bazaar.test` and `…@artisans.bazaar.test`.
    """

    message = _l("That does not look like an email address (name@example.com). Please check it.")

    def __call__(self, form, field) -> None:
        try:
            email_validator.validate_email(
                field.data or "", check_deliverability=False,
                test_environment=bool(current_app.config.get("EMAIL_ALLOW_TEST_DOMAIN")))
        except email_validator.EmailNotValidError as exc:
            raise ValidationError(self.message) from exc


def _reader_lang() -> str:
    locale = get_locale()
    return locale.language if locale else "fa"


class DateTextField(Field):
    """A date as the reader writes it: Jalali year/month/day ("۱۴۰۵/۰۹/۱۱") for Persian
    readers, "2026-12-02" for English ones. A text input: a browser's date picker only knows
    the Gregorian calendar."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs) -> None:
        render_kw = {"autocomplete": "off", "inputmode": "numeric",
                     **kwargs.pop("render_kw", {})}
        super().__init__(label, validators, render_kw=render_kw, **kwargs)

    @property
    def hint(self) -> str:
        """What to type, with today as the example, in the reader's calendar and digits."""
        example = format_date_numeric(date.today(), _reader_lang())
        if _reader_lang() == "fa":
            return _("Year/month/day in the Persian calendar, such as %(example)s.",
                     example=example)
        return _("Year-month-day, such as %(example)s.", example=example)

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return format_date_numeric(self.data, _reader_lang()) if self.data else ""

    def process_formdata(self, valuelist: list[str]) -> None:
        text = str(valuelist[0]).strip() if valuelist else ""
        if not text:
            self.data = None
            return
        try:
            self.data = read_date(text, _reader_lang())
        except ValueError as exc:
            self.data = None
            raise ValueError(_("Enter a date as year/month/day, such as %(example)s.",
                               example=format_date_numeric(date.today(), _reader_lang()))
                             ) from exc
