"""Forms of the purchase round pages: the cooperative opens a round, members commit."""
from __future__ import annotations

from datetime import datetime, time

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from marketplace.cooperatives.purchase_rounds import MAX_QUANTITY, Tier
from marketplace.models import Material, MaterialUnit
from marketplace.web.fairs.forms import at
from marketplace.web.forms import MoneyField, WholeNumberField

MATERIALS = [(Material.WOOL.value, _l("Wool")), (Material.NATURAL_DYES.value, _l("Natural dyes")),
             (Material.SILK_YARN.value, _l("Silk yarn")), (Material.CLAY.value, _l("Clay")),
             (Material.RATTAN.value, _l("Rattan")), (Material.OTHER.value, _l("Other"))]
UNITS = [(MaterialUnit.KILOGRAM.value, _l("kg")), (MaterialUnit.SKEIN.value, _l("skein")),
         (MaterialUnit.BUNDLE.value, _l("bundle")), (MaterialUnit.METRE.value, _l("metre"))]
TIERS = 4


class RoundForm(FlaskForm):
    """Only these fields reach a round: its cooperative and status come from the server (S06)."""

    material = SelectField(_l("Material"), choices=MATERIALS)
    title_fa = StringField(_l("What (Persian)"), validators=[DataRequired(), Length(max=160)])
    title_en = StringField(_l("What (English)"), validators=[Length(max=160)])
    supplier = StringField(_l("Supplier"), validators=[DataRequired(), Length(max=160)])
    unit = SelectField(_l("Unit"), choices=UNITS)
    minimum = WholeNumberField(_l("Minimum total"), validators=[
        InputRequired(), NumberRange(1, MAX_QUANTITY)])
    deadline_on = DateField(_l("Deadline"), validators=[InputRequired()])
    deadline_time = TimeField(_l("at"), validators=[Optional()])
    delivery_place_fa = StringField(_l("Delivery place (Persian)"),
                                    validators=[DataRequired(), Length(max=200)])
    delivery_place_en = StringField(_l("Delivery place (English)"), validators=[Length(max=200)])
    delivery_cost = MoneyField(_l("Delivery cost, shared by quantity"), validators=[Optional()])
    tier1_from = WholeNumberField(_l("From (total)"), validators=[
        InputRequired(), NumberRange(1, MAX_QUANTITY)])
    tier1_price = MoneyField(_l("Price per unit"), validators=[InputRequired()])
    tier2_from = WholeNumberField(_l("From (total)"), validators=[
        Optional(), NumberRange(1, MAX_QUANTITY)])
    tier2_price = MoneyField(_l("Price per unit"), validators=[Optional()])
    tier3_from = WholeNumberField(_l("From (total)"), validators=[
        Optional(), NumberRange(1, MAX_QUANTITY)])
    tier3_price = MoneyField(_l("Price per unit"), validators=[Optional()])
    tier4_from = WholeNumberField(_l("From (total)"), validators=[
        Optional(), NumberRange(1, MAX_QUANTITY)])
    tier4_price = MoneyField(_l("Price per unit"), validators=[Optional()])

    def priced_in(self, currency: str) -> None:
        self.delivery_cost.currency = currency
        for n in range(1, TIERS + 1):
            getattr(self, f"tier{n}_price").currency = currency

    def tier_rows(self) -> list[tuple]:
        return [(getattr(self, f"tier{n}_from"), getattr(self, f"tier{n}_price"))
                for n in range(1, TIERS + 1)]

    def tiers(self) -> list[Tier]:
        return [Tier(quantity.data, price.money.amount_minor)
                for quantity, price in self.tier_rows()
                if quantity.data is not None and price.money is not None]

    def deadline(self, zone: str) -> datetime:
        return at(self.deadline_on.data, self.deadline_time.data or time(23, 59), zone)


class CommitForm(FlaskForm):
    quantity = WholeNumberField(_l("How much you take"), validators=[
        InputRequired(), NumberRange(1, MAX_QUANTITY)])


class StepForm(FlaskForm):
    step = SelectField(choices=[("ordered", ""), ("received", ""), ("handed_out", "")])


class MemberPaymentForm(FlaskForm):
    member = SelectField(_l("Member"), coerce=int)
    amount = MoneyField(_l("Amount received"), validators=[InputRequired()])
    note = StringField(_l("Note"), validators=[Length(max=120)])
