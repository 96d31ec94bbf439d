"""Shoppers follow their orders; sellers confirm payment, ship and deliver."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from marketplace.commerce import ordering
from marketplace.commerce.payments import ProviderUnavailable, manual
from marketplace.commerce.payments import service as payments
from marketplace.extensions import db
from marketplace.insights import provenance
from marketplace.models import Checkout
from marketplace.web.forms import ActionForm
from marketplace.web.orders.access import order_for_buyer, order_for_seller
from marketplace.web.orders.forms import ShipForm

bp = Blueprint("orders", __name__)


@bp.get("/orders/")
@login_required
def history():
    checkouts = db.session.scalars(
        select(Checkout).where(Checkout.buyer_id == current_user.id).order_by(Checkout.id.desc())
    ).all()
    return render_template("orders/history.html", checkouts=checkouts)


@bp.get("/orders/<int:order_id>")
@login_required
def detail(order_id: int):
    order = order_for_buyer(order_id)
    return render_template("orders/detail.html", order=order, certificates=provenance.for_lines(
        db.session, [line.id for line in order.lines]))


@bp.get("/studio/orders/")
@login_required
def incoming():
    query = ordering.orders_managed_by(current_user)
    if query is None:
        abort(404)
    orders = db.session.scalars(query).all()
    certificates = provenance.for_lines(db.session, [line.id for order in orders
                                                     if order.status == "delivered"
                                                     for line in order.lines])
    return render_template("orders/incoming.html", orders=orders, certificates=certificates,
                           ship_form=ShipForm(), form=ActionForm())


def _done(message: str):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("orders.incoming"))


def _refuse():
    db.session.rollback()
    flash(_("That change is not possible in the order's current state."), "error")
    return redirect(url_for("orders.incoming")), 303


@bp.post("/studio/orders/<int:order_id>/confirm-payment")
@login_required
def confirm_payment(order_id: int):
    order = order_for_seller(order_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        changed = manual.confirm_received(db.session, order, by=current_user)
    except manual.NotManual:
        return _refuse()
    if not changed:
        return _refuse()
    return _done(_("Payment confirmed for order %(id)s.", id=order.id))


@bp.post("/studio/orders/<int:order_id>/ship")
@login_required
def ship(order_id: int):
    order = order_for_seller(order_id)
    form = ShipForm()
    if not form.validate_on_submit():
        flash(_("Please give the carrier and the tracking number."), "error")
        return redirect(url_for("orders.incoming")), 303
    try:
        ordering.ship(db.session, order, carrier=form.carrier.data.strip(),
                      tracking_number=form.tracking_number.data.strip(),
                      actor_id=current_user.id)
    except ordering.InvalidTransition:
        return _refuse()
    return _done(_("Order %(id)s is marked shipped.", id=order.id))


@bp.post("/studio/orders/<int:order_id>/deliver")
@login_required
def deliver(order_id: int):
    order = order_for_seller(order_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        ordering.deliver(db.session, order, signer=provenance.signer(current_app),
                         actor_id=current_user.id)
    except ordering.InvalidTransition:
        return _refuse()
    return _done(_("Order %(id)s is marked delivered.", id=order.id))


@bp.post("/studio/orders/<int:order_id>/refund")
@login_required
def refund(order_id: int):
    """Cancel a paid order before shipping: money back (Stripe refund for cards), stock back."""
    order = order_for_seller(order_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        if not payments.refund_order(db.session, current_app.extensions["payment_provider"],
                                     order, actor_id=current_user.id,
                                     note="cancelled before shipping"):
            return _refuse()
    except (ordering.InvalidTransition, payments.NothingToRefund):
        return _refuse()
    except ProviderUnavailable:
        db.session.rollback()
        flash(_("The refund could not be sent to the card right now; nothing changed."), "error")
        return redirect(url_for("orders.incoming")), 303
    return _done(_("Order %(id)s is cancelled and refunded.", id=order.id))
