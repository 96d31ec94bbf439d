"""Members' pages in the studio: their cooperatives' purchase rounds, commit / change / withdraw
before the deadline, every step after it, and what they owe their cooperatives.

Only the cooperative's active members see and join its rounds (a former member who committed
still sees that round); everyone else gets 404 (S48).
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from marketplace import permissions
from marketplace.cooperatives import ledger
from marketplace.cooperatives import purchase_rounds as rounds
from marketplace.extensions import db
from marketplace.models import ArtisanProfile, Cooperative, PurchaseRound
from marketplace.models.base import utcnow
from marketplace.web.forms import ActionForm
from marketplace.web.local_time import home_zone
from marketplace.web.rounds.forms import CommitForm

bp = Blueprint("rounds", __name__, url_prefix="/studio/rounds")


def _artisan() -> ArtisanProfile:
    return permissions.artisan_of(current_user) or abort(404)


def round_for_member(round_id: int) -> PurchaseRound:
    purchase = db.get_or_404(PurchaseRound, round_id)
    if not permissions.can_view_round(current_user, purchase):
        abort(404)
    return purchase


@bp.get("/")
@login_required
def index():
    artisan = _artisan()
    shown = rounds.for_member(db.session, artisan)
    debts = ledger.member_debts(db.session, artisan_id=artisan.id)
    coops = {c.id: c for c in db.session.scalars(
        select(Cooperative).where(Cooperative.id.in_([coop for _, coop in debts])))}
    return render_template(
        "rounds/index.html", rounds=shown,
        standings={r.id: rounds.standing(db.session, r) for r in shown},
        mine={r.id: rounds.quantities(db.session, r).get(artisan.id) for r in shown},
        debts=[(coops[coop], debt) for (_, coop), debt in debts.items()],
        payable=ledger.payable_now(db.session, artisan.id, artisan.currency), now=utcnow(),
        zones={r.id: home_zone(r.cooperative.province.country_code) for r in shown})


@bp.get("/<int:round_id>")
@login_required
def detail(round_id: int):
    purchase = round_for_member(round_id)
    artisan = _artisan()
    return _page(purchase, artisan, CommitForm())


def _page(purchase: PurchaseRound, artisan: ArtisanProfile, form: CommitForm, status: int = 200):
    committed = rounds.quantities(db.session, purchase)
    if not form.is_submitted() and artisan.id in committed:
        form.quantity.data = committed[artisan.id]
    return render_template(
        "rounds/round.html", round=purchase, form=form, action=ActionForm(),
        state=rounds.standing(db.session, purchase), mine=committed.get(artisan.id),
        members=len(committed), cost=rounds.member_cost(purchase, committed, artisan.id),
        may_join=permissions.can_join_round(current_user, purchase), now=utcnow(),
        zone=home_zone(purchase.cooperative.province.country_code)), status


@bp.post("/<int:round_id>/commit")
@login_required
def commit(round_id: int):
    purchase = round_for_member(round_id)
    artisan = _artisan()
    form = CommitForm()
    if not form.validate_on_submit():
        return _page(purchase, artisan, form, 400)
    try:
        rounds.commit(db.session, purchase=purchase, artisan=artisan,
                      quantity=form.quantity.data)
    except rounds.RoundClosed:
        db.session.rollback()
        form.quantity.errors = [_("This round no longer takes commitments: its deadline has "
                                  "passed or the cooperative has closed it.")]
        return _page(purchase, artisan, form, 409)
    except rounds.NotAMember:
        abort(404)
    db.session.commit()
    flash(_("Your commitment is saved. You can change it until the deadline."), "success")
    return redirect(url_for("rounds.detail", round_id=purchase.id))


@bp.post("/<int:round_id>/withdraw")
@login_required
def withdraw(round_id: int):
    purchase = round_for_member(round_id)
    artisan = _artisan()
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        rounds.withdraw(db.session, purchase=purchase, artisan=artisan)
    except rounds.RoundClosed:
        db.session.rollback()
        flash(_("This round no longer takes commitments: its deadline has passed or the "
                "cooperative has closed it."), "error")
        return redirect(url_for("rounds.detail", round_id=purchase.id))
    db.session.commit()
    flash(_("Your commitment is withdrawn."), "info")
    return redirect(url_for("rounds.detail", round_id=purchase.id))
