"""Checkout: address and method, then payment (Stripe Elements or manual), then confirmation."""
from __future__ import annotations

import logging
from datetime import timedelta

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

from marketplace import carts, fx, hold_limits, inventory, ordering, referrals, shopper_currency
from marketplace.cart.current import current_cart
from marketplace.cart.messages import cart_error_message
from marketplace.checkout.forms import CheckoutForm, ConfirmForm, method_label
from marketplace.checkout.messages import hold_limit_message
from marketplace.extensions import csrf, db, limiter
from marketplace.models import Checkout, CheckoutStatus, Payment, PaymentMethod
from marketplace.payments import InvalidSignature, PaymentDeclined, ProviderUnavailable
from marketplace.payments import stripe as stripe_payments
from marketplace.templating import current_lang

bp = Blueprint("checkout", __name__, url_prefix="/checkout")
log = logging.getLogger(__name__)

SHIP_TO = ("IR", "VN", "DE", "FR", "GB", "NL", "SE", "IT", "ES", "AT", "CH", "US", "CA", "AU",
           "TR", "AE", "JP")


def provider():
    return current_app.extensions["payment_provider"]


def _countries() -> list[tuple[str, str]]:
    names = Locale.parse(current_lang()).territories
    return [(code, names.get(code, code)) for code in SHIP_TO]


def _form(currency: str) -> CheckoutForm:
    form = CheckoutForm()
    form.country.choices = _countries()
    if not form.country.data:
        form.country.data = ordering.HOME_COUNTRY if currency == fx.BASE else "DE"
    methods = ordering.payment_methods_for(currency, None)
    form.method.choices = [(m.value, method_label(m)) for m in methods]
    if not form.method.data and methods:
        form.method.data = methods[0].value
    return form


def _render_form(form: CheckoutForm, cart, currency: str, error: str | None = None,
                 status: int = 200):
    quote = None
    if cart and cart.lines:
        try:
            quote = ordering.quote(db.session, ordering.cart_items(db.session, cart),
                                   currency=currency, country=form.country.data,
                                   rates=shopper_currency.rates())
        except fx.MissingRate:
            error = error or _("Prices cannot be shown in this currency right now.")
    return render_template("checkout/address.html", form=form, quote=quote, error=error,
                           currency=currency), status


@bp.get("/")
@login_required
def address():
    currency = shopper_currency.chosen(current_lang())
    cart = current_cart()
    if not cart or not cart.lines:
        return redirect(url_for("cart.show"))
    return _render_form(_form(currency), cart, currency)


@bp.post("/")
@login_required
@limiter.limit("30 per minute")
def start():
    currency = shopper_currency.chosen(current_lang())
    form = _form(currency)
    cart = current_cart()
    if not form.validate_on_submit():
        return _render_form(form, cart, currency, status=400)
    if cart is None or not cart.lines:
        flash(_("Your cart is empty."), "error")
        return redirect(url_for("cart.show"))
    hold = (timedelta(minutes=current_app.config["RESERVATION_MINUTES"])
            if form.method.data == PaymentMethod.CARD
            else timedelta(hours=current_app.config["MANUAL_PAYMENT_HOURS"]))
    key = ordering.cart_key(cart)
    try:
        checkout = ordering.start_checkout(
            db.session,
            buyer_id=current_user.id,
            cart=cart,
            address=ordering.Address(
                name=form.name.data.strip(), address=form.address.data.strip(),
                city=form.city.data.strip(), postcode=(form.postcode.data or "").strip(),
                country=form.country.data, phone=(form.phone.data or "").strip(),
            ),
            method=PaymentMethod(form.method.data),
            currency=currency,
            rates=shopper_currency.rates(),
            hold_for=hold,
            limits=hold_limits.HoldLimits.from_config(current_app.config),
            platform_fee_bps=current_app.config["PLATFORM_FEE_BPS"],
        )
        referrals.attribute_checkout(
            db.session, checkout=checkout, code=session.get(referrals.SESSION_KEY)
        )
        db.session.commit()
    except IntegrityError:
        # The same cart was submitted twice at once: show the checkout the first one made.
        db.session.rollback()
        existing = db.session.scalar(select(Checkout).where(Checkout.cart_key == key))
        if existing is None or existing.buyer_id != current_user.id:
            raise
        return redirect(url_for("checkout.pay", public_id=existing.public_id))
    except carts.CartError as exc:
        db.session.rollback()
        return _render_form(form, cart, currency, error=cart_error_message(exc), status=400)
    except inventory.OutOfStock as exc:
        db.session.rollback()
        error = carts.CartError("out_of_stock", exc.listing_id, available=exc.available)
        return _render_form(form, cart, currency, error=cart_error_message(error), status=409)
    except hold_limits.HoldLimitReached as exc:
        db.session.rollback()
        return _render_form(form, cart, currency, error=hold_limit_message(exc), status=409)
    except ordering.CheckoutError as exc:
        db.session.rollback()
        message = (_("Your cart is empty.") if exc.code == "empty" else
                   _("This payment method is not available for this currency and address."))
        return _render_form(form, cart, currency, error=message, status=400)
    except fx.MissingRate:
        db.session.rollback()
        return _render_form(form, cart, currency, status=400,
                            error=_("Prices cannot be shown in this currency right now."))
    if checkout.payment_method == PaymentMethod.CARD:
        _create_intent(checkout)
    return redirect(url_for("checkout.pay", public_id=checkout.public_id))


def _create_intent(checkout: Checkout) -> Payment | None:
    """One PaymentIntent per checkout attempt, its key derived from both (S25)."""
    attempt = 1 + len(checkout.payments)
    try:
        intent = provider().create_intent(amount_minor=checkout.total_minor,
                                          currency=checkout.currency,
                                          checkout_ref=checkout.public_id, attempt=attempt)
    except ProviderUnavailable as exc:
        log.warning("creating the intent for %s failed: %s", checkout.public_id, exc)
        return None
    payment = Payment(checkout_id=checkout.id, provider=provider().name, intent_id=intent.id,
                      attempt=attempt, amount_minor=checkout.total_minor,
                      currency=checkout.currency, status=intent.status)
    db.session.add(payment)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return payment


def _own_checkout(public_id: str) -> Checkout:
    checkout = db.session.scalar(select(Checkout).where(Checkout.public_id == public_id))
    if checkout is None or checkout.buyer_id != current_user.id:
        abort(404)  # S04: someone else's checkout does not exist for you
    return checkout


@bp.get("/<public_id>")
@login_required
def pay(public_id: str):
    checkout = _own_checkout(public_id)
    return render_template(
        "checkout/pay.html",
        checkout=checkout,
        payment=checkout.payments[-1] if checkout.payments else None,
        form=ConfirmForm(),
        bank_details=current_app.config["BANK_TRANSFER_DETAILS"],
        stripe_js_url=current_app.config["STRIPE_JS_URL"],
        stripe_key=current_app.config["STRIPE_PUBLISHABLE_KEY"],
    )


@bp.post("/<public_id>/intent")
@login_required
def retry_intent(public_id: str):
    checkout = _own_checkout(public_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if (checkout.status == CheckoutStatus.PENDING_PAYMENT and not checkout.payments
            and checkout.payment_method == PaymentMethod.CARD):
        _create_intent(checkout)
    return redirect(url_for("checkout.pay", public_id=public_id))


@bp.post("/<public_id>/card")
@login_required
@limiter.limit("20 per minute")
def card(public_id: str):
    """The browser sends a Stripe.js card token; the server attaches it and confirms."""
    checkout = _own_checkout(public_id)
    try:
        validate_csrf(request.headers.get("X-CSRFToken", ""))
    except (ValidationError, CSRFError):
        abort(400)
    data = request.get_json(silent=True) or {}
    token = str(data.get("token", ""))
    if not token.startswith("tok_") or len(token) > 255 or not checkout.payments:
        return jsonify(error=_("The card details could not be read. Please try again.")), 400
    if checkout.status != CheckoutStatus.PENDING_PAYMENT:
        return jsonify(status=checkout.status.value, next=url_for("checkout.pay",
                                                                   public_id=public_id))
    payment = checkout.payments[-1]
    try:
        intent = provider().confirm_with_card(payment.intent_id, card_token=token)
    except PaymentDeclined as exc:
        return jsonify(error=_("Your card was declined: %(reason)s", reason=exc.message)), 402
    except ProviderUnavailable:
        return jsonify(error=_("Card payments are unavailable right now. Nothing was charged; "
                               "please try again in a minute.")), 503
    # Not marked paid here: that waits for the verified webhook or a reconciliation (S20).
    return jsonify(status=intent.status, client_secret=intent.client_secret,
                   next=url_for("checkout.pay", public_id=public_id))


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
    if checkout.status == CheckoutStatus.PENDING_PAYMENT:
        for payment in checkout.payments:
            try:
                intent = provider().cancel(payment.intent_id)
            except (ProviderUnavailable, PaymentDeclined):
                intent = provider().retrieve(payment.intent_id)
            if intent.status == "succeeded":
                flash(_("This order is already paid and cannot be cancelled here."), "error")
                return redirect(url_for("checkout.pay", public_id=public_id))
        ordering.cancel_checkout(db.session, checkout, actor_id=current_user.id,
                                 note="cancelled by shopper")
        db.session.commit()
        flash(_("Your order is cancelled."), "info")
    return redirect(url_for("checkout.pay", public_id=public_id))


@bp.post("/webhooks/stripe")
@csrf.exempt
@limiter.exempt
def stripe_webhook():
    """Signed by Stripe; the signature, not a CSRF token, proves where it came from (S23)."""
    payload = request.get_data(cache=False)
    try:
        event = provider().parse_event(payload, request.headers.get("Stripe-Signature", ""))
    except InvalidSignature:
        log.warning("stripe webhook with a bad signature refused")
        return jsonify(error="bad signature"), 400
    outcome = stripe_payments.handle_event(db.session, provider(), event)
    db.session.commit()
    log.info("stripe event %s %s: %s", event.get("id"), event.get("type"), outcome)
    return jsonify(received=True, outcome=outcome)
