"""Exchange rates, set by platform admins only (S05: everyone else gets 404)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from marketplace.commerce import fx
from marketplace.extensions import db
from marketplace.models import ExchangeRate
from marketplace.web.admin.access import platform_admins_only

bp = Blueprint("admin_fx", __name__, url_prefix="/admin/fx")


class RateForm(FlaskForm):
    currency = SelectField(_l("Currency"), choices=[("USD", "USD"), ("EUR", "EUR"),
                                                     ("VND", "VND")])
    rate = StringField(_l("Units of this currency per rial"),
                       validators=[DataRequired(), Length(max=40)])


bp.before_request(platform_admins_only)


@bp.route("/", methods=["GET", "POST"])
def rates():
    form = RateForm()
    if form.validate_on_submit():
        try:
            fx.set_rate(db.session, form.currency.data, form.rate.data,
                        set_by_id=current_user.id)
        except fx.InvalidRate:
            form.rate.errors.append(_("Enter a positive number, such as 0.0000238."))
        else:
            db.session.commit()
            flash(_("Rate saved."), "success")
            return redirect(url_for("admin_fx.rates"))
    history = db.session.scalars(
        select(ExchangeRate).order_by(ExchangeRate.id.desc()).limit(30)
    ).all()
    status = 400 if form.errors else 200
    return render_template("admin/fx.html", form=form, current=fx.current_rates(db.session),
                           history=history), status
