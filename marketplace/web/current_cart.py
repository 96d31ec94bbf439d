"""Which cart this visitor has: the account's when logged in, else the one in the cart cookie."""
from __future__ import annotations

import logging

from flask import Flask, after_this_request, current_app, flash, g, request
from flask_babel import get_locale
from flask_login import current_user, user_logged_in
from sqlalchemy import select

from marketplace.commerce import carts
from marketplace.extensions import db
from marketplace.models import Cart, Listing
from marketplace.web.cart.messages import merge_message

COOKIE = "bazaar_cart"
log = logging.getLogger(__name__)


def _user_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None


def current_cart() -> Cart | None:
    if "cart" not in g:
        g.cart = carts.find(db.session, user_id=_user_id(), token=request.cookies.get(COOKIE))
    return g.cart


def current_or_new_cart() -> Cart:
    cart = current_cart()
    if cart is None:
        cart = carts.find_or_create(db.session, user_id=_user_id(), token=None)
        g.cart = cart
        if cart.user_id is None:
            token = cart.token

            @after_this_request
            def remember(response):
                response.set_cookie(COOKIE, token, max_age=60 * 60 * 24 * 30, httponly=True,
                                    samesite="Lax",
                                    secure=current_app.config["SESSION_COOKIE_SECURE"])
                return response
    return cart


def cart_count() -> int:
    return carts.count(current_cart())


def init_app(app: Flask) -> None:
    @user_logged_in.connect_via(app)
    def merge_on_login(sender, user, **extra):
        token = request.cookies.get(COOKIE)
        if not token:
            return
        try:
            merge = carts.merge_guest_cart(db.session, token=token, user_id=user.id)
            db.session.commit()
        except Exception:  # a cart must never stop a login
            db.session.rollback()
            log.exception("merging the guest cart failed")
            return
        finally:
            g.pop("cart", None)
        if merge.changed_what_the_shopper_saw:
            flash(merge_message(merge, _titles([line.listing_id for line in merge.lines])),
                  "info")


def _titles(listing_ids: list[int]) -> dict[int, str]:
    locale = get_locale()
    lang = locale.language if locale else "fa"
    return {listing.id: listing.text(lang).title for listing in db.session.scalars(
        select(Listing).where(Listing.id.in_(listing_ids)))}
