"""Hearts, the favourites page, following shops, and leaving the weekly digest.

A heart is on every listing card and page, also on pages served from the anonymous page cache,
where its form has no CSRF token: static/js/csrf.js fetches the visitor's own, and without
JavaScript the error page asks once before sending it again (`page_cache.RESUBMITTABLE`). A
guest who presses a heart or "follow" is sent to sign in; what they pressed waits in their
session (`AFTER_LOGIN`, which the login keeps) and is done the moment they are signed in, and
they land back where they pressed it.
"""
from __future__ import annotations

import logging

from flask import (
    Blueprint,
    Flask,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, user_logged_in
from sqlalchemy import select

from marketplace.catalog import digest, favourites, following
from marketplace.extensions import db
from marketplace.models import ArtisanProfile, Cooperative, Listing, User
from marketplace.web.favourites.forms import FollowForm, HeartForm
from marketplace.web.forms import ActionForm
from marketplace.web.redirects import safe_next

bp = Blueprint("favourites", __name__)
log = logging.getLogger(__name__)

# The session key holding what a guest pressed before signing in: [kind, id], kind one of
# "favourite", "artisans", "coops". accounts.views keeps it across the login's fresh session.
AFTER_LOGIN = "after_login"
_SHOPS = {"artisans": ArtisanProfile, "coops": Cooperative}


def _sign_in_first(kind: str, target_id: int, back: str, message: str):
    session[AFTER_LOGIN] = [kind, target_id]
    flash(message, "info")
    return redirect(url_for("accounts.login", next=back))


@bp.post("/favourites/add")
def add():
    form = HeartForm()
    if not form.validate_on_submit():
        abort(400)
    back = safe_next(form.next.data, url_for("favourites.index"))
    if not current_user.is_authenticated:
        return _sign_in_first("favourite", form.listing_id.data, back,
                              _("Sign in to keep this piece in your favourites. It is saved as "
                                "soon as you are in."))
    try:
        favourites.add(db.session, user_id=current_user.id, listing_id=form.listing_id.data)
    except favourites.NotForSale:
        abort(404)
    db.session.commit()
    return redirect(back)


@bp.post("/favourites/remove")
@login_required
def remove():
    form = HeartForm()
    if not form.validate_on_submit():
        abort(400)
    favourites.remove(db.session, user_id=current_user.id, listing_id=form.listing_id.data)
    db.session.commit()
    return redirect(safe_next(form.next.data, url_for("favourites.index")))


@bp.get("/favourites/")
@login_required
def index():
    return render_template(
        "favourites/index.html",
        listings=favourites.listings_of(db.session, current_user.id),
        follows=following.followed_shops(db.session, user_id=current_user.id),
        digest_on=digest.subscribed(db.session, user_id=current_user.id),
        form=ActionForm(),
    )


def _shop(kind: str, slug: str) -> ArtisanProfile | Cooperative:
    model = _SHOPS[kind]
    return db.first_or_404(select(model).where(model.slug == slug))


def _shop_url(kind: str, shop: ArtisanProfile | Cooperative) -> str:
    endpoint = "storefront.artisan" if kind == "artisans" else "storefront.cooperative"
    return url_for(endpoint, slug=shop.slug)


@bp.post("/<any(artisans, coops):kind>/<slug>/follow")
def follow(kind: str, slug: str):
    shop = _shop(kind, slug)
    form = FollowForm()
    if not form.validate_on_submit():
        abort(400)
    back = safe_next(form.next.data, _shop_url(kind, shop))
    if not current_user.is_authenticated:
        return _sign_in_first(kind, shop.id, back,
                              _("Sign in to follow this shop. You follow it as soon as you "
                                "are in."))
    following.follow(db.session, user_id=current_user.id, shop=shop)
    db.session.commit()
    flash(_("You follow this shop: its new pieces appear on your home page and in a weekly "
            "email."), "success")
    return redirect(back)


@bp.post("/<any(artisans, coops):kind>/<slug>/unfollow")
@login_required
def unfollow(kind: str, slug: str):
    shop = _shop(kind, slug)
    form = FollowForm()
    if not form.validate_on_submit():
        abort(400)
    following.unfollow(db.session, user_id=current_user.id, shop=shop)
    db.session.commit()
    flash(_("You no longer follow this shop."), "info")
    return redirect(safe_next(form.next.data, _shop_url(kind, shop)))


@bp.post("/favourites/digest/<any(on, off):choice>")
@login_required
def set_digest(choice: str):
    if not ActionForm().validate_on_submit():
        abort(400)
    if choice == "on":
        digest.resubscribe(db.session, user_id=current_user.id)
    else:
        digest.unsubscribe(db.session, user_id=current_user.id)
    db.session.commit()
    return redirect(url_for("favourites.index"))


@bp.route("/digest/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    """The link in every digest: works without signing in; the button does it (S15)."""
    user_id = digest.read_unsubscribe_token(token)
    user = db.session.get(User, user_id) if user_id is not None else None
    if user is None:
        abort(404)
    form = ActionForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        digest.unsubscribe(db.session, user_id=user.id)
        db.session.commit()
        return render_template("favourites/unsubscribe.html", done=True, form=form)
    return render_template("favourites/unsubscribe.html", done=False, form=form)


# What pages show -------------------------------------------------------------------------------


@bp.app_template_global()
def favourite_ids() -> frozenset[int]:
    """The listings the visitor keeps a heart on: one query a page, none for guests (and so
    none on a page rendered for the page cache)."""
    if not current_user.is_authenticated:
        return frozenset()
    if "favourite_ids" not in g:
        g.favourite_ids = frozenset(favourites.ids_of(db.session, current_user.id))
    return g.favourite_ids


@bp.app_template_global()
def follows_shop(shop: ArtisanProfile | Cooperative) -> bool:
    return current_user.is_authenticated and following.is_following(
        db.session, user_id=current_user.id, shop=shop)


@bp.app_template_global()
def new_from_followed() -> list[Listing]:
    """For the signed-in home page: the newest pieces of the shops the visitor follows."""
    if not current_user.is_authenticated:
        return []
    return following.new_from_followed(db.session, user_id=current_user.id)


# What a guest pressed, done as they sign in ----------------------------------------------------


def _do_after_login(sender: Flask, user: User, **extra) -> None:
    pending = session.pop(AFTER_LOGIN, None)
    if not (isinstance(pending, list) and len(pending) == 2 and isinstance(pending[1], int)):
        return
    kind, target_id = pending
    try:
        if kind == "favourite":
            favourites.add(db.session, user_id=user.id, listing_id=target_id)
            message = _("Saved to your favourites.")
        elif kind in _SHOPS and (shop := db.session.get(_SHOPS[kind], target_id)) is not None:
            following.follow(db.session, user_id=user.id, shop=shop)
            message = _("You follow this shop now.")
        else:
            return
        db.session.commit()
    except favourites.NotForSale:  # sold or taken down while the guest signed in
        db.session.rollback()
        return
    except Exception:  # what a guest pressed must never stop them signing in
        db.session.rollback()
        log.exception("doing what the guest pressed before signing in failed")
        return
    g.pop("favourite_ids", None)
    flash(message, "success")


@bp.record_once
def _connect(state) -> None:
    user_logged_in.connect(_do_after_login, state.app)
