"""The cart: add, change, remove; shown per seller in the shopper's currency."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, url_for
from flask_login import current_user

from marketplace.commerce import carts, fx, ordering
from marketplace.extensions import db
from marketplace.web import shopper_currency
from marketplace.web.cart.forms import CartLineForm, CurrencyForm, RemoveForm
from marketplace.web.cart.messages import cart_error_message
from marketplace.web.current_cart import current_cart, current_or_new_cart
from marketplace.web.redirects import safe_next
from marketplace.web.templating import current_lang

bp = Blueprint("cart", __name__, url_prefix="/cart")


def _buyer_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None


def render_cart(error: str | None = None, status: int = 200):
    cart = current_cart()
    currency = shopper_currency.chosen(current_lang())
    quote, missing_rate = None, None
    if cart and cart.lines:
        country = ordering.HOME_COUNTRY if currency == fx.BASE else None
        try:
            quote = ordering.quote(db.session, ordering.cart_items(db.session, cart),
                                   currency=currency, country=country,
                                   rates=shopper_currency.rates())
        except fx.MissingRate as exc:
            missing_rate = exc.currency
    return render_template("cart/show.html", cart=cart, quote=quote, error=error,
                           missing_rate=missing_rate, currency=currency,
                           remove_form=RemoveForm()), status


@bp.get("/")
def show():
    return render_cart()


def _change(apply) -> object:
    form = CartLineForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        quantity = carts.parse_quantity(form.quantity.data)
        apply(form.listing_id.data, quantity)
    except carts.CartError as exc:
        db.session.rollback()
        return render_cart(error=cart_error_message(exc), status=400)
    db.session.commit()
    return redirect(url_for("cart.show"))


@bp.post("/add")
def add():
    return _change(lambda listing_id, quantity: ordering.add_to_cart(
        db.session, current_or_new_cart(), listing_id, quantity, buyer_id=_buyer_id()))


@bp.post("/update")
def update():
    def apply(listing_id: int, quantity: int) -> None:
        cart = current_cart()
        if cart is None:
            raise carts.CartError("unknown", listing_id)
        ordering.set_cart_quantity(db.session, cart, listing_id, quantity, buyer_id=_buyer_id())

    return _change(apply)


@bp.post("/remove")
def remove():
    form = RemoveForm()
    if not form.validate_on_submit():
        abort(400)
    cart = current_cart()
    if cart is not None:
        carts.remove(db.session, cart, form.listing_id.data)
        db.session.commit()
    return redirect(url_for("cart.show"))


@bp.post("/currency")
def currency():
    form = CurrencyForm()
    allowed = current_app.config["DISPLAY_CURRENCIES"]
    if not form.validate_on_submit() or form.currency.data not in allowed:
        abort(400)
    response = redirect(safe_next(form.next.data, url_for("storefront.home")))
    response.set_cookie(shopper_currency.COOKIE, form.currency.data, max_age=60 * 60 * 24 * 365,
                        httponly=True, samesite="Lax",
                        secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response
