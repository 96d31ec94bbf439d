from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, InputRequired, NumberRange

from marketplace.web.forms import WholeNumberField
from marketplace.web.hostile_input import MAX_ID


class CartLineForm(FlaskForm):
    """Only the listing and the quantity are read; price, currency or total fields are ignored."""

    listing_id = WholeNumberField(validators=[InputRequired(), NumberRange(1, MAX_ID)])
    quantity = StringField(default="1")


class RemoveForm(FlaskForm):
    listing_id = WholeNumberField(validators=[InputRequired(), NumberRange(1, MAX_ID)])


class CurrencyForm(FlaskForm):
    currency = HiddenField(validators=[DataRequired()])
    next = HiddenField()
