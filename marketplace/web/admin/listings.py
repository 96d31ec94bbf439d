"""Moderation by platform admins (S05: everyone else gets 404); the rules live in moderation.py."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from marketplace.catalog import moderation
from marketplace.extensions import db
from marketplace.models import Listing
from marketplace.web.admin.access import platform_admins_only
from marketplace.web.forms import ActionForm
from marketplace.web.storefront.forms import REASONS

bp = Blueprint("admin_listings", __name__, url_prefix="/admin/listings")


class TakeDownForm(FlaskForm):
    reason = StringField(_l("Reason, shown to the artisan"),
                         validators=[DataRequired(), Length(max=300)])


bp.before_request(platform_admins_only)


@bp.get("/")
def queue():
    return _queue_page()


@bp.post("/<int:listing_id>/take-down")
def take_down(listing_id: int):
    listing = db.get_or_404(Listing, listing_id)
    form = TakeDownForm()
    if not form.validate_on_submit():
        return _queue_page(failed=(listing, form)), 400
    try:
        moderation.take_down(db.session, listing=listing, reason=form.reason.data)
    except moderation.NotRemovable:
        abort(404)
    db.session.commit()
    flash(_("Listing taken down. Its artisan sees your reason in their studio."), "success")
    return redirect(url_for("admin_listings.queue"))


@bp.post("/<int:listing_id>/dismiss")
def dismiss(listing_id: int):
    listing = db.get_or_404(Listing, listing_id)
    _require(ActionForm())
    moderation.dismiss_reports(db.session, listing=listing)
    db.session.commit()
    flash(_("Reports dismissed; the listing stays."), "info")
    return redirect(url_for("admin_listings.queue"))


@bp.post("/<int:listing_id>/restore")
def restore(listing_id: int):
    listing = db.get_or_404(Listing, listing_id)
    _require(ActionForm())
    try:
        moderation.restore(db.session, listing=listing)
    except moderation.NotRemoved:
        abort(404)
    db.session.commit()
    flash(_("Listing restored as a draft; its artisan can publish it again."), "success")
    return redirect(url_for("admin_listings.queue"))


def _require(form: FlaskForm) -> None:
    if not form.validate_on_submit():
        abort(400)


def _queue_page(failed: tuple[Listing, TakeDownForm] | None = None) -> str:
    return render_template(
        "admin/listings.html",
        reported=moderation.open_reports(db.session),
        removed=moderation.removed_listings(db.session),
        reason_labels=dict(REASONS),
        take_down_form=TakeDownForm(formdata=None),
        failed=failed,
        action=ActionForm(),
    )
