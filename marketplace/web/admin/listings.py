"""Moderation by platform admins (S05: everyone else gets 404): reported listings and reviews in
one queue. The rules live in moderation.py."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from marketplace.catalog import moderation, reviews
from marketplace.extensions import db
from marketplace.models import Listing, Review
from marketplace.web.admin.access import platform_admins_only
from marketplace.web.forms import ActionForm
from marketplace.web.reviews.forms import REVIEW_REPORT_REASONS
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


@bp.post("/reviews/<int:review_id>/take-down")
def take_down_review(review_id: int):
    review = db.get_or_404(Review, review_id)
    form = TakeDownForm()
    if not form.validate_on_submit():
        return _queue_page(failed_review=(review, form)), 400
    try:
        moderation.take_down_review(db.session, review=review, reason=form.reason.data)
    except reviews.InvalidMove:
        abort(404)
    db.session.commit()
    flash(_("Review taken down. It no longer counts in the piece's stars."), "success")
    return redirect(url_for("admin_listings.queue"))


@bp.post("/reviews/<int:review_id>/dismiss")
def dismiss_review(review_id: int):
    review = db.get_or_404(Review, review_id)
    _require(ActionForm())
    moderation.dismiss_review_reports(db.session, review=review)
    db.session.commit()
    flash(_("Reports dismissed; the review stays."), "info")
    return redirect(url_for("admin_listings.queue"))


@bp.post("/reviews/<int:review_id>/restore")
def restore_review(review_id: int):
    review = db.get_or_404(Review, review_id)
    _require(ActionForm())
    try:
        moderation.restore_review(db.session, review=review)
    except reviews.InvalidMove:
        abort(404)
    db.session.commit()
    flash(_("Review restored; it counts in the piece's stars again."), "success")
    return redirect(url_for("admin_listings.queue"))


def _require(form: FlaskForm) -> None:
    if not form.validate_on_submit():
        abort(400)


def _queue_page(failed: tuple[Listing, TakeDownForm] | None = None,
                failed_review: tuple[Review, TakeDownForm] | None = None) -> str:
    return render_template(
        "admin/listings.html",
        reported=moderation.open_reports(db.session),
        removed=moderation.removed_listings(db.session),
        reported_reviews=moderation.open_review_reports(db.session),
        removed_reviews=moderation.removed_reviews(db.session),
        reason_labels=dict(REASONS),
        review_reason_labels=dict(REVIEW_REPORT_REASONS),
        take_down_form=TakeDownForm(formdata=None),
        failed=failed,
        failed_review=failed_review,
        action=ActionForm(),
    )
