from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, StringField
from wtforms.validators import DataRequired


class CartLineForm(FlaskForm):
    """Only the listing and the quantity are read; price, currency or total fields are ignored."""

    listing_id = IntegerField(validators=[DataRequired()])
    quantity = StringField(default="1")


class RemoveForm(FlaskForm):
    listing_id = IntegerField(validators=[DataRequired()])


class CurrencyForm(FlaskForm):
    currency = HiddenField(validators=[DataRequired()])
    next = HiddenField()
