from __future__ import annotations

from decimal import Decimal

from babel import Locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    SelectField,
    StringField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from marketplace.web.forms import (
    DateTextField,
    EmailAddress,
    MoneyField,
    NumberField,
    WholeNumberField,
)


class CommissionForm(FlaskForm):
    percent = NumberField(_l("Commission (%)"), validators=[
        InputRequired(), NumberRange(min=Decimal(0), max=Decimal(50))])

    def bps(self) -> int:
        return int((Decimal(self.percent.data) * 100).quantize(Decimal(1)))


class InviteForm(FlaskForm):
    email = EmailField(_l("Artisan's email"), validators=[
        DataRequired(), EmailAddress(), Length(max=254)])


class ShareholderForm(FlaskForm):
    email = EmailField(_l("Email of an existing account"), validators=[
        DataRequired(), EmailAddress(), Length(max=254)])
    country = StringField(_l("Country of residence (two-letter code, e.g. IR, DE)"),
                          validators=[DataRequired(), Length(min=2, max=2)])
    foreign_national = BooleanField(_l("Foreign national (gets an ambassador link)"))

    def validate_country(self, field) -> None:
        if field.data.upper() not in Locale("en").territories or not field.data.isalpha():
            raise ValidationError(_l("Not a country code."))


class IssueForm(FlaskForm):
    shareholder = SelectField(_l("Shareholder"), coerce=int)
    quantity = WholeNumberField(_l("Shares"), validators=[InputRequired(),
                                                                NumberRange(1, 10**9)])


class TransferForm(FlaskForm):
    giver = SelectField(_l("From"), coerce=int)
    receiver = SelectField(_l("To"), coerce=int)
    quantity = WholeNumberField(_l("Shares"), validators=[InputRequired(),
                                                                NumberRange(1, 10**9)])

    def validate_receiver(self, field) -> None:
        if field.data == self.giver.data:
            raise ValidationError(_l("Choose two different shareholders."))


class RedeemForm(FlaskForm):
    shareholder = SelectField(_l("Shareholder"), coerce=int)
    quantity = WholeNumberField(_l("Shares"), validators=[InputRequired(),
                                                                NumberRange(1, 10**9)])


class DividendForm(FlaskForm):
    amount = MoneyField(_l("Amount"), validators=[InputRequired()])  # the cooperative's currency
    record_date = DateTextField(_l("Record date (holders on this day receive it)"),
                                validators=[Optional()])


class PayoutForm(FlaskForm):
    artisan = SelectField(_l("Member"), coerce=int)
    amount = MoneyField(_l("Amount paid"), validators=[InputRequired()])
    note = StringField(_l("Note (bank reference)"), validators=[Length(max=120)])
