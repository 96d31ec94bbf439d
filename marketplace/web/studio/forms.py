from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from marketplace.web.forms import MoneyField, NumberField, WholeNumberField


class ListingForm(FlaskForm):
    """Only these fields reach a listing: an `artisan_id`, `status` or `price_minor` in the
    request is never read (S06)."""

    title_fa = StringField(_l("Title (Persian)"), validators=[DataRequired(), Length(max=200)])
    description_fa = TextAreaField(_l("Description (Persian)"), validators=[Length(max=8000)])
    materials_fa = StringField(_l("Materials (Persian)"), validators=[Length(max=300)])
    title_en = StringField(_l("Title (English)"), validators=[Length(max=200)])
    description_en = TextAreaField(_l("Description (English)"), validators=[Length(max=8000)])
    materials_en = StringField(_l("Materials (English)"), validators=[Length(max=300)])
    category = SelectField(_l("Category"), coerce=int, validators=[DataRequired()])
    cooperative = SelectField(_l("Sell under a cooperative"), coerce=int, default=0)
    price = MoneyField(_l("Price"), validators=[InputRequired()])  # currency: the artisan's
    stock = WholeNumberField(_l("In stock"), default=1, validators=[
        Optional(), NumberRange(min=0, max=100_000)])
    stock_seen = HiddenField()  # the stock when the form was loaded (see `seen_stock`)
    made_to_order = BooleanField(_l("Made to order"))
    prep_days = WholeNumberField(_l("Days to make it"), validators=[
        Optional(), NumberRange(min=1, max=365)])
    length_cm = NumberField(_l("Length (cm)"), validators=[Optional(), NumberRange(0, 10_000)])
    width_cm = NumberField(_l("Width (cm)"), validators=[Optional(), NumberRange(0, 10_000)])
    height_cm = NumberField(_l("Height (cm)"), validators=[Optional(), NumberRange(0, 10_000)])
    weight_g = WholeNumberField(_l("Weight (g)"), validators=[Optional(), NumberRange(0, 10**7)])
    save = SubmitField(_l("Save as draft"))
    publish = SubmitField(_l("Publish"))

    def validate_prep_days(self, field) -> None:
        if self.made_to_order.data and not field.data:
            raise ValidationError(_l("How many days does it take to make?"))

    def seen_stock(self) -> int | None:
        """The stock shown when the form loaded; None if missing or not a number, which
        never matches a stock, so the artisan is asked to look again."""
        text = (self.stock_seen.data or "").strip()
        return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None


class PhotoForm(FlaskForm):
    photo = FileField(_l("Photo (JPEG, PNG or WebP)"), validators=[FileRequired()])


class JoinForm(FlaskForm):
    cooperative = SelectField(_l("Cooperative"), coerce=int)


class WomenLedForm(FlaskForm):
    women_led = BooleanField(_l("My shop is women-led: a woman runs it and makes the pieces"))


def mm(cm: Decimal | None) -> int | None:
    return int(Decimal(cm) * 10) if cm is not None else None


def cm(mm_: int | None) -> Decimal | None:
    return Decimal(mm_) / 10 if mm_ is not None else None
