"""Address, payment and confirmation; the Stripe webhook."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from marketplace.commerce import ordering
from marketplace.models import PaymentMethod


class CheckoutForm(FlaskForm):
    """Address, method and, for a card, the currency to charge: amounts and prices come from
    the server. Which methods and currencies are offered follows the destination (the view sets
    the choices from `ordering.payment_methods_for`)."""

    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=120)])
    address = TextAreaField(_l("Address"), validators=[DataRequired(), Length(max=500)])
    city = StringField(_l("City"), validators=[DataRequired(), Length(max=120)])
    postcode = StringField(_l("Postcode"), validators=[Optional(), Length(max=20)])
    country = SelectField(_l("Country"), validators=[DataRequired()])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])
    method = RadioField(_l("Payment"), validators=[DataRequired()], validate_choice=False)
    charge_currency = RadioField(_l("Charge my card in"), validate_choice=False,
                                 choices=[("EUR", _l("euros")), ("USD", _l("US dollars"))])

    def validate_method(self, field) -> None:
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("This way of paying is not available for a parcel to this "
                                     "country. Please choose one of those shown."))

    def validate_charge_currency(self, field) -> None:
        if self.method.data == PaymentMethod.CARD and field.data not in ordering.CARD_CURRENCIES:
            raise ValidationError(_l("Choose euros or US dollars."))

    @property
    def charge_currency_code(self) -> str:
        """What the order is charged in: the card currency chosen, rials otherwise."""
        method = PaymentMethod(self.method.data)
        if method == PaymentMethod.CARD:
            return self.charge_currency.data
        return ordering.charge_currency_for(method, self.country.data)

    def address_value(self) -> ordering.Address:
        return ordering.Address(
            name=self.name.data.strip(), address=self.address.data.strip(),
            city=self.city.data.strip(), postcode=(self.postcode.data or "").strip(),
            country=self.country.data, phone=(self.phone.data or "").strip(),
        )


class ConfirmForm(FlaskForm):
    pass
