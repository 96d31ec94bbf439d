"""Payouts recorded by platform admins, for every artisan (S05: everyone else gets 404).

Cooperative admins record their members' payouts on the members page; this screen is for the
platform, which holds the money of every sale and pays artisans outside any cooperative too.
"""
from __future__ import annotations

import secrets

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms import SelectField, StringField
from wtforms.validators import InputRequired, Length

from marketplace.cooperatives import ledger
from marketplace.core.formatting import format_money
from marketplace.core.money import Money
from marketplace.extensions import db
from marketplace.models import ArtisanProfile
from marketplace.web.admin.access import platform_admins_only
from marketplace.web.forms import MoneyField
from marketplace.web.templating import current_lang

bp = Blueprint("admin_payouts", __name__, url_prefix="/admin/payouts")


class PayoutForm(FlaskForm):
    owed = SelectField(_l("Artisan"))  # "<artisan id>:<currency>", one choice per balance owed
    amount = MoneyField(_l("Amount paid"), validators=[InputRequired()])
    note = StringField(_l("Note (bank reference)"), validators=[Length(max=120)])

    def validate_owed(self, field) -> None:
        """The amount is read in the currency of the balance chosen."""
        if any(field.data == value for value, _label in field.choices):
            self.amount.currency = field.data.split(":")[1]


bp.before_request(platform_admins_only)


@bp.route("/", methods=["GET", "POST"])
def payouts():
    owed = ledger.artisans_owed(db.session)
    # What artisans owe their cooperatives for purchase rounds comes out of a payout first.
    debts = {(artisan_id, amount.currency): ledger.owed_to_cooperatives(
        db.session, artisan_id, amount.currency) for artisan_id, amount in owed}
    recent = ledger.recent_payouts(db.session, limit=30)
    artisans = {a.id: a for a in db.session.scalars(
        select(ArtisanProfile).options(selectinload(ArtisanProfile.village))
        .where(ArtisanProfile.id.in_({artisan_id for artisan_id, _ in owed}
                                     | {p.artisan_id for p in recent})))}
    lang = current_lang()
    form = PayoutForm()
    payable = {key: max(amount.amount_minor - debts[key].amount_minor, 0)
               for key, amount in (((a, m.currency), m) for a, m in owed)}
    form.owed.choices = [
        (f"{artisan_id}:{amount.currency}",
         f"{artisans[artisan_id].localized('display_name', lang)} · "
         f"{format_money(Money(payable[(artisan_id, amount.currency)], amount.currency), lang)}")
        for artisan_id, amount in owed if payable[(artisan_id, amount.currency)]]
    if form.validate_on_submit():
        artisan_id = form.owed.data.split(":")[0]
        amount = form.amount.money
        reference = f"payout:{secrets.token_hex(8)}"
        try:
            ledger.record_payout(db.session, artisan=artisans[int(artisan_id)], amount=amount,
                                 reference=reference, memo=form.note.data or "")
        except ledger.ExceedsBalance as exc:
            db.session.rollback()
            form.amount.errors.append(_("That is more than the artisan is owed (%(owed)s).",
                                        owed=format_money(exc.available, lang)))
        else:
            settled = ledger.settled_with(db.session, reference)
            db.session.commit()
            flash(_("Payout recorded. %(settled)s went first to what the artisan owes for "
                    "purchase rounds.", settled=format_money(settled, lang)) if settled
                  else _("Payout recorded."), "success")
            return redirect(url_for("admin_payouts.payouts"))
    return render_template("admin/payouts.html", form=form, owed=owed, artisans=artisans,
                           debts=debts, recent=recent), 400 if form.errors else 200
