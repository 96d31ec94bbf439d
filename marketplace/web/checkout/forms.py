from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class CheckoutForm(FlaskForm):
    """Address and method only: amounts, prices and currency come from the server."""

    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=120)])
    address = TextAreaField(_l("Address"), validators=[DataRequired(), Length(max=500)])
    city = StringField(_l("City"), validators=[DataRequired(), Length(max=120)])
    postcode = StringField(_l("Postcode"), validators=[Optional(), Length(max=20)])
    country = SelectField(_l("Country"), validators=[DataRequired()])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])
    method = RadioField(_l("Payment"), validators=[DataRequired()])


class ConfirmForm(FlaskForm):
    pass
