from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from marketplace.commerce.messages import MAX_BODY
from marketplace.web.forms import MoneyField, WholeNumberField


class MessageForm(FlaskForm):
    body = TextAreaField(_l("Your message"), validators=[
        DataRequired(_l("Write a message first.")), Length(max=MAX_BODY)])


class OfferForm(FlaskForm):
    """A piece made for this shopper: only these fields reach the listing (S06)."""

    title_fa = StringField(_l("Title (Persian)"), validators=[DataRequired(), Length(max=200)])
    title_en = StringField(_l("Title (English)"), validators=[Length(max=200)])
    description = TextAreaField(_l("What you will make (size, colours, materials)"),
                                validators=[Length(max=2000)])
    price = MoneyField(_l("Price"), validators=[InputRequired()])  # currency: the artisan's
    prep_days = WholeNumberField(_l("Days to make it"), validators=[
        InputRequired(), NumberRange(min=1, max=365)])
    note = TextAreaField(_l("A note to the shopper (optional)"),
                         validators=[Length(max=1000)])


class CooperativeForm(FlaskForm):
    cooperative = SelectField(_l("Cooperative"), coerce=int)
