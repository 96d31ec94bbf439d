"""A cooperative admin's purchase rounds: open one, watch the commitments, confirm it at the tier
reached (members' costs go to the ledger), mark each step, and record what members paid the
cooperative directly. Only that cooperative's admins reach these pages (404 otherwise, S03).
"""
from __future__ import annotations

import secrets

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from marketplace import permissions
from marketplace.cooperatives import ledger
from marketplace.cooperatives import purchase_rounds as rounds
from marketplace.core.formatting import format_number
from marketplace.core.money import Money
from marketplace.extensions import db
from marketplace.models import (
    ArtisanProfile,
    Cooperative,
    Material,
    MaterialUnit,
    PurchaseRound,
    RoundStatus,
)
from marketplace.models.base import utcnow
from marketplace.web.forms import ActionForm
from marketplace.web.local_time import home_zone
from marketplace.web.rounds.forms import MemberPaymentForm, RoundForm, StepForm
from marketplace.web.templating import current_lang

bp = Blueprint("round_admin", __name__, url_prefix="/coop/<slug>/admin/rounds")


def cooperative_for_admin(slug: str) -> Cooperative:
    coop = db.first_or_404(select(Cooperative).where(Cooperative.slug == slug))
    if not permissions.can_manage_cooperative(current_user, coop):
        abort(404)
    return coop


def round_for_admin(coop: Cooperative, round_id: int) -> PurchaseRound:
    purchase = db.session.get(PurchaseRound, round_id)
    if purchase is None or purchase.cooperative_id != coop.id \
            or not permissions.can_manage_round(current_user, purchase):
        abort(404)
    return purchase


def _round_form(coop: Cooperative) -> RoundForm:
    form = RoundForm()
    form.priced_in(coop.currency)
    return form


def _debtors(coop: Cooperative) -> list[tuple[ArtisanProfile, Money]]:
    """The members (and former members) who owe the cooperative for its rounds, and how much."""
    debts = ledger.member_debts(db.session, cooperative_id=coop.id)
    people = {a.id: a for a in db.session.scalars(
        select(ArtisanProfile).where(ArtisanProfile.id.in_([a for a, _c in debts])))}
    return [(people[a], debt) for (a, _c), debt in debts.items()]


def _payment_form(coop: Cooperative, debtors: list[tuple[ArtisanProfile, Money]]
                  ) -> MemberPaymentForm:
    form = MemberPaymentForm()
    form.amount.currency = coop.currency
    lang = current_lang()
    form.member.choices = [(a.id, a.localized("display_name", lang)) for a, _debt in debtors]
    return form


def _index(coop: Cooperative, form: RoundForm, status: int = 200):
    shown = rounds.of_cooperative(db.session, coop)
    debtors = _debtors(coop)
    return render_template(
        "rounds/admin_index.html", coop=coop, rounds=shown, form=form,
        standings={r.id: rounds.standing(db.session, r) for r in shown}, debts=debtors,
        payment_form=_payment_form(coop, debtors), zone=home_zone(coop.province.country_code),
        now=utcnow()), status


@bp.get("/")
@login_required
def index(slug: str):
    coop = cooperative_for_admin(slug)
    return _index(coop, _round_form(coop))


@bp.post("/")
@login_required
def open_round(slug: str):
    coop = cooperative_for_admin(slug)
    form = _round_form(coop)
    if not form.validate_on_submit():
        return _index(coop, form, 400)
    data = rounds.RoundInput(
        material=Material(form.material.data), title_fa=form.title_fa.data,
        title_en=form.title_en.data or "", supplier=form.supplier.data,
        unit=MaterialUnit(form.unit.data), minimum_quantity=form.minimum.data,
        deadline=form.deadline(home_zone(coop.province.country_code)),
        delivery_place_fa=form.delivery_place_fa.data,
        delivery_place_en=form.delivery_place_en.data or "",
        delivery_cost_minor=form.delivery_cost.money.amount_minor if form.delivery_cost.money
        else 0, tiers=form.tiers())
    try:
        purchase = rounds.open_round(db.session, cooperative=coop, data=data, by=current_user)
    except rounds.BadTiers:
        db.session.rollback()
        form.tier1_from.errors = [_("The first tier applies from the minimum total or less; each "
                                    "next tier needs more units and costs less per unit.")]
        return _index(coop, form, 400)
    except rounds.RoundClosed:
        db.session.rollback()
        form.deadline_on.errors = [_("The deadline must be in the future.")]
        return _index(coop, form, 400)
    db.session.commit()
    flash(_("The round is open. Your members see it in their studio."), "success")
    return redirect(url_for("round_admin.detail", slug=coop.slug, round_id=purchase.id))


@bp.get("/<int:round_id>")
@login_required
def detail(slug: str, round_id: int):
    coop = cooperative_for_admin(slug)
    purchase = round_for_admin(coop, round_id)
    committed = rounds.quantities(db.session, purchase)
    state = rounds.standing(db.session, purchase)
    price = purchase.unit_price_minor or (state.reached.unit_price_minor if state.reached
                                          else None)
    costs = rounds.costs(committed, price, purchase.delivery_cost_minor,
                         currency=purchase.currency) if price else {}
    artisans = {a.id: a for a in db.session.scalars(
        select(ArtisanProfile).where(ArtisanProfile.id.in_(list(committed))))}
    return render_template(
        "rounds/admin_round.html", coop=coop, round=purchase, state=state,
        rows=[(artisans[a], n, costs.get(a)) for a, n in committed.items()],
        action=ActionForm(), step_form=StepForm(), now=utcnow(),
        zone=home_zone(coop.province.country_code))


def _back(coop: Cooperative, purchase: PurchaseRound):
    return redirect(url_for("round_admin.detail", slug=coop.slug, round_id=purchase.id))


@bp.post("/<int:round_id>/confirm")
@login_required
def confirm(slug: str, round_id: int):
    coop = cooperative_for_admin(slug)
    purchase = round_for_admin(coop, round_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        rounds.confirm(db.session, purchase=purchase)
    except rounds.BelowMinimum as exc:
        db.session.rollback()
        lang = current_lang()
        flash(_("The round has %(total)s of its minimum %(minimum)s: it cannot be confirmed.",
                total=format_number(exc.total, lang), minimum=format_number(exc.minimum, lang)),
              "error")
        return _back(coop, purchase)
    except rounds.InvalidMove:
        db.session.rollback()
        flash(_("This round is already closed."), "info")
        return _back(coop, purchase)
    db.session.commit()
    flash(_("The round is confirmed. Each member's cost is recorded and will come out of "
            "their next payouts."), "success")
    return _back(coop, purchase)


@bp.post("/<int:round_id>/step")
@login_required
def step(slug: str, round_id: int):
    coop = cooperative_for_admin(slug)
    purchase = round_for_admin(coop, round_id)
    form = StepForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        rounds.advance(db.session, purchase=purchase, to=RoundStatus(form.step.data))
    except rounds.InvalidMove:
        db.session.rollback()
        flash(_("That step does not follow the round's current one."), "error")
        return _back(coop, purchase)
    db.session.commit()
    flash(_("Saved. Your members see the new step."), "success")
    return _back(coop, purchase)


@bp.post("/payments")
@login_required
def member_payment(slug: str):
    coop = cooperative_for_admin(slug)
    form = _payment_form(coop, _debtors(coop))
    if not form.validate_on_submit():
        flash(_("Choose a member and enter an amount above zero."), "error")
        return redirect(url_for("round_admin.index", slug=coop.slug))
    artisan = db.session.get(ArtisanProfile, form.member.data) or abort(404)
    try:
        ledger.record_member_payment(db.session, artisan=artisan, cooperative=coop,
                                     amount=form.amount.money,
                                     reference=f"member-payment:{secrets.token_hex(8)}",
                                     memo=form.note.data or "")
    except ledger.ExceedsBalance:
        db.session.rollback()
        flash(_("That is more than the member owes the cooperative."), "error")
        return redirect(url_for("round_admin.index", slug=coop.slug))
    db.session.commit()
    flash(_("Payment recorded. The member owes that much less."), "success")
    return redirect(url_for("round_admin.index", slug=coop.slug))
