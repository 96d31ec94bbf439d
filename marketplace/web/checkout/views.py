"""Checkout: address and method, then payment (Stripe Elements or manual), then confirmation."""
from __future__ import annotations

import logging

from babel import Locale
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf.csrf import CSRFError, validate_csrf
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from wtforms import ValidationError

from marketplace.commerce import carts, fx, hold_limits, inventory, ordering, referrals
from marketplace.commerce.payments import (
    FAILED,
    InvalidSignature,
    MalformedEvent,
    PaymentDeclined,
    ProviderUnavailable,
)
from marketplace.commerce.payments import service as payments
from marketplace.core import formatting
from marketplace.extensions import csrf, db, limiter
from marketplace.models import Checkout, CheckoutStatus, PaymentMethod
from marketplace.web import shopper_currency
from marketplace.web.cart.messages import cart_error_message
from marketplace.web.checkout.forms import CheckoutForm, ConfirmForm
from marketplace.web.checkout.messages import hold_limit_message
from marketplace.web.current_cart import current_cart
from marketplace.web.labels import method_label
from marketplace.web.templating import current_lang

bp = Blueprint("checkout", __name__, url_prefix="/checkout")
log = logging.getLogger(__name__)

SHIP_TO = ("IR", "VN", "DE", "FR", "GB", "NL", "SE", "IT", "ES", "AT", "CH", "US", "CA", "AU",
           "TR", "AE", "JP")


def provider():
    return current_app.extensions["payment_provider"]


def _countries() -> list[tuple[str, str]]:
    names = Locale.parse(current_lang()).territories
    return [(code, names.get(code, code)) for code in SHIP_TO]


def _form() -> CheckoutForm:
    """The checkout form, its choices following the destination picked (or about to be)."""
    form = CheckoutForm()
    form.country.choices = _countries()
    if not form.is_submitted():
        _prefill(form)
    methods = ordering.payment_methods_for(form.country.data)
    form.method.choices = [(m.value, method_label(m)) for m in methods]
    # Defaults fill what was not chosen yet; a choice that was sent is never silently changed.
    choosing = not form.is_submitted() or bool(request.form.get("update"))
    if form.method.data not in {m.value for m in methods} and choosing:
        form.method.data = methods[0].value
    if form.charge_currency.data not in ordering.CARD_CURRENCIES and (
            choosing or "charge_currency" not in request.form):
        form.charge_currency.data = ordering.charge_currency_for(
            PaymentMethod.CARD, form.country.data, shopper_currency.chosen(current_lang()))
    return form


def _prefill(form: CheckoutForm) -> None:
    """Where the shopper sent their last order, else their name and their likely country."""
    last = ordering.last_address(db.session, current_user.id)
    if last is not None:
        form.name.data, form.address.data, form.city.data = last.name, last.address, last.city
        form.postcode.data, form.phone.data = last.postcode, last.phone
        form.country.data = last.country if last.country in SHIP_TO else None
    else:
        form.name.data = current_user.display_name
    if not form.country.data:
        reads_toman = shopper_currency.chosen(current_lang()) == fx.BASE
        form.country.data = ordering.HOME_COUNTRY if current_lang() == "fa" or reads_toman \
            else "DE"


def _charges(cart, country: str) -> dict[str, ordering.Quote]:
    """The cart priced in every currency it can be paid in for a parcel to `country`."""
    currencies = {code for method in ordering.payment_methods_for(country)
                  for code in ordering.charge_currencies(method, country)}
    items = ordering.cart_items(db.session, cart)
    return {code: ordering.quote(db.session, items, currency=code, country=country,
                                 rates=shopper_currency.rates())
            for code in sorted(currencies)}


def _render_form(form: CheckoutForm, cart, error: str | None = None, status: int = 200):
    quotes: dict[str, ordering.Quote] = {}
    if cart and cart.lines:
        try:
            quotes = _charges(cart, form.country.data)
        except fx.MissingRate:
            error = error or _("Prices cannot be shown in this currency right now.")
    method = form.method.data if form.method.data in dict(form.method.choices) else None
    charge = form.charge_currency_code if method else None
    return render_template("checkout/address.html", form=form, quotes=quotes,
                           quote=quotes.get(charge), charge_currency=charge, error=error), status


@bp.get("/")
@login_required
def address():
    cart = current_cart()
    if not cart or not cart.lines:
        return redirect(url_for("cart.show"))
    return _render_form(_form(), cart)


@bp.post("/")
@login_required
@limiter.limit("30 per minute")
def start():
    form = _form()
    cart = current_cart()
    if request.form.get("update"):
        # "Show the methods for this country": nothing is placed, nothing is checked yet.
        return _render_form(form, cart)
    if not form.validate_on_submit():
        return _render_form(form, cart, status=400)
    if cart is None or not cart.lines:
        flash(_("Your cart is empty."), "error")
        return redirect(url_for("cart.show"))
    key = ordering.cart_key(cart)
    try:
        checkout = ordering.start_checkout(
            db.session,
            buyer_id=current_user.id,
            cart=cart,
            address=form.address_value(),
            method=PaymentMethod(form.method.data),
            currency=form.charge_currency_code,
            rates=shopper_currency.rates(),
            policy=ordering.CheckoutPolicy.from_config(current_app.config),
        )
        referrals.attribute_checkout(
            db.session, checkout=checkout, code=session.get(referrals.SESSION_KEY)
        )
        db.session.commit()
    except IntegrityError:
        # The same cart was submitted twice at once: show the checkout the first one made.
        db.session.rollback()
        existing = ordering.find_by_cart_key(db.session, key)
        if existing is None or existing.buyer_id != current_user.id:
            raise
        return redirect(url_for("checkout.pay", public_id=existing.public_id))
    except carts.CartError as exc:
        db.session.rollback()
        return _render_form(form, cart, error=cart_error_message(exc), status=400)
    except inventory.OutOfStock as exc:
        db.session.rollback()
        error = carts.CartError("out_of_stock", exc.listing_id, available=exc.available)
        return _render_form(form, cart, error=cart_error_message(error), status=409)
    except hold_limits.HoldLimitReached as exc:
        db.session.rollback()
        return _render_form(form, cart, error=hold_limit_message(exc), status=409)
    except ordering.CheckoutError:
        # `empty` was answered above; the form's validators keep method and currency valid.
        db.session.rollback()
        return _render_form(form, cart, status=400,
                            error=_("This way of paying is not available for a parcel to this "
                                    "country. Please choose one of those shown."))
    except fx.MissingRate:
        db.session.rollback()
        return _render_form(form, cart, status=400,
                            error=_("Prices cannot be shown in this currency right now."))
    if checkout.payment_method == PaymentMethod.CARD:
        _start_card_payment(checkout)
    return redirect(url_for("checkout.pay", public_id=checkout.public_id))


def _start_card_payment(checkout: Checkout) -> None:
    try:
        payments.start_card_payment(db.session, provider(), checkout)
    except payments.PaymentInProgress:
        flash(_in_progress_message(), "info")
    db.session.commit()


def _in_progress_message() -> str:
    return _("A payment for this order is already being processed. Please wait a moment.")


def _own_checkout(public_id: str) -> Checkout:
    checkout = db.session.scalar(select(Checkout).where(Checkout.public_id == public_id))
    if checkout is None or checkout.buyer_id != current_user.id:
        abort(404)  # S04: someone else's checkout does not exist for you
    return checkout


@bp.get("/<public_id>")
@login_required
def pay(public_id: str):
    checkout = _own_checkout(public_id)
    pending = checkout.status == CheckoutStatus.PENDING_PAYMENT
    payment = payments.current_payment(checkout)
    return render_template(
        "checkout/pay.html",
        checkout=checkout,
        payment=payment,
        declined=payment is not None and payment.status == FAILED,
        due=ordering.amount_due(checkout) if pending else checkout.total,
        form=ConfirmForm(),
        cancellable=bool(ordering.payable_orders(checkout)),
        stripe_js_url=current_app.config["STRIPE_JS_URL"],
        stripe_key=current_app.config["STRIPE_PUBLISHABLE_KEY"],
    )


@bp.post("/<public_id>/intent")
@login_required
def retry_intent(public_id: str):
    checkout = _own_checkout(public_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    _start_card_payment(checkout)
    return redirect(url_for("checkout.pay", public_id=public_id))


@bp.post("/<public_id>/card")
@login_required
@limiter.limit("20 per minute")
def card(public_id: str):
    """The browser sends a Stripe.js card token and the total it showed; the server confirms."""
    checkout = _own_checkout(public_id)
    try:
        validate_csrf(request.headers.get("X-CSRFToken", ""))
    except (ValidationError, CSRFError):
        abort(400)
    data = request.get_json(silent=True)
    data = data if isinstance(data, dict) else {}
    token, shown = str(data.get("token", "")), data.get("amount")
    if not token.startswith("tok_") or len(token) > 255 or type(shown) is not int:
        return jsonify(error=_("The card details could not be read. Please try again.")), 400
    next_url = url_for("checkout.pay", public_id=public_id)
    # Every outcome is committed: the provider may have been called on the way (an intent
    # remade for a new amount, a declined attempt noted).
    try:
        intent = payments.pay_with_card(db.session, provider(), checkout, card_token=token,
                                        shown_minor=shown)
        # Not marked paid here: that waits for the verified webhook or a reconciliation (S20).
        answer = jsonify(status=intent.status, client_secret=intent.client_secret,
                         next=next_url), 200
    except payments.NotPayable:
        answer = jsonify(status=checkout.status.value, next=next_url), 200
    except payments.AmountChanged as exc:
        message = _("Part of your order is no longer available, so the total is now "
                    "%(total)s. Please check your order and pay again.",
                    total=formatting.format_money(exc.due, current_lang()))
        flash(message, "error")
        answer = jsonify(error=message, next=next_url), 409
    except payments.PaymentInProgress:
        answer = jsonify(error=_in_progress_message()), 409
    except PaymentDeclined as exc:
        answer = jsonify(error=_("Your card was declined: %(reason)s", reason=exc.message)), 402
    except ProviderUnavailable:
        answer = jsonify(error=_("Card payments are unavailable right now. Nothing was charged; "
                                 "please try again in a minute.")), 503
    db.session.commit()
    return answer


@bp.get("/<public_id>/status")
@login_required
def status(public_id: str):
    checkout = _own_checkout(public_id)
    return jsonify(status=checkout.status.value)


@bp.post("/<public_id>/cancel")
@login_required
def cancel(public_id: str):
    checkout = _own_checkout(public_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        outcome = payments.end_checkout(db.session, provider(), checkout,
                                        actor_id=current_user.id, note="cancelled by shopper")
    except ProviderUnavailable:
        db.session.rollback()
        flash(_("Your order could not be cancelled right now. Please try again in a minute."),
              "error")
        return redirect(url_for("checkout.pay", public_id=public_id))
    db.session.commit()
    if outcome == "cancelled":
        flash(_("Your order is cancelled and its items are back in your cart."), "info")
        return redirect(url_for("cart.show"))
    if outcome == "paid":
        flash(_("This order is already paid and cannot be cancelled here."), "error")
    elif outcome == "processing":
        flash(_in_progress_message(), "info")
    return redirect(url_for("checkout.pay", public_id=public_id))


@bp.post("/webhooks/stripe")
@csrf.exempt
@limiter.exempt
def stripe_webhook():
    """Signed by Stripe; the signature, not a CSRF token, proves where it came from (S23)."""
    try:
        outcome, event = payments.receive_webhook(
            db.session, provider(), request.get_data(cache=False),
            request.headers.get("Stripe-Signature", ""))
    except InvalidSignature:
        log.warning("stripe webhook with a bad signature refused")
        return jsonify(error="bad signature"), 400
    except MalformedEvent as exc:
        db.session.rollback()
        log.warning("signed stripe webhook refused as malformed: %s", exc)
        return jsonify(error="malformed event"), 400
    except ProviderUnavailable as exc:
        db.session.rollback()  # Stripe delivers again; nothing of this delivery is kept
        log.warning("stripe webhook postponed, the provider is unreachable: %s", exc)
        return jsonify(error="provider unavailable"), 503
    db.session.commit()
    log.info("stripe event %s %s: %s", event["id"], event["type"], outcome)
    return jsonify(received=True, outcome=outcome)
