"""Reviews: the buyer writes one from a delivered order, the artisan answers it from the studio,
anyone signed in reports one. The rules are in catalog/reviews.py (S44); the buyer's photos go
through the same checks as a listing's (core/images.py, S21, S42)."""
from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace import permissions
from marketplace.catalog import moderation, reviews
from marketplace.catalog.reviews import ReviewPolicy
from marketplace.core import images
from marketplace.core.ratings import whole_stars
from marketplace.extensions import db, limiter
from marketplace.models import (
    ArtisanProfile,
    Cooperative,
    Listing,
    ListingStatus,
    Order,
    OrderLine,
    Review,
    ReviewReportReason,
    ReviewStatus,
)
from marketplace.web.i18n import text_direction
from marketplace.web.reviews import structured_data
from marketplace.web.reviews.forms import ReplyForm, ReviewForm, ReviewReportForm
from marketplace.web.templating import current_lang

bp = Blueprint("reviews", __name__)


def _policy() -> ReviewPolicy:
    return ReviewPolicy.from_config(current_app.config)


def _refusal(error: reviews.ReviewError) -> str:
    if isinstance(error, reviews.NotDelivered):
        return _("You can review a piece once it has been delivered.")
    if isinstance(error, reviews.AlreadyReviewed):
        return _("You have already reviewed this piece. A review cannot be changed.")
    if isinstance(error, reviews.WindowClosed):
        return _("The time to review this piece has passed.")
    return _("That review could not be saved.")


def _line_of_buyer(line_id: int) -> OrderLine:
    line = db.session.get(OrderLine, line_id)
    if line is None or not permissions.can_view_order(current_user, line.order):
        abort(404)
    return line


@bp.route("/reviews/new/<int:line_id>", methods=["GET", "POST"])
@login_required
@limiter.limit("30 per hour", methods=["POST"])
def write(line_id: int):
    line = _line_of_buyer(line_id)
    # The User itself, not Flask-Login's proxy: the service locks its row (S35) by its table.
    author = current_user._get_current_object()
    back = url_for("orders.detail", order_id=line.order_id)
    try:  # before any photo is decoded: nobody else's upload is worked on
        reviews.check_reviewable(db.session, line=line, author=author, policy=_policy())
    except reviews.ReviewError as exc:
        flash(_refusal(exc), "error")
        return redirect(back)
    form = ReviewForm()
    if not form.validate_on_submit():
        return _form_page(line, form), 400 if form.errors else 200
    try:
        stored = _store_photos(form.photos.data or [])
    except images.ImageTooLarge:
        abort(413)
    except images.ImagesBusy:
        flash(_("Many photos are being processed right now. Please try again in a few "
                "seconds."), "error")
        return _form_page(line, form), 503, {"Retry-After": str(images.BUSY_RETRY_AFTER_SECONDS)}
    except images.ImageRejected:
        form.photos.errors = [_("One of the files is not a photo we can use. Upload JPEG, PNG "
                                "or WebP images of at most %(n)d megapixels.",
                                n=current_app.config["IMAGE_MAX_PIXELS"] // 1_000_000)]
        return _form_page(line, form), 400
    try:
        review = reviews.write(db.session, line=line, author=author,
                               rating=form.rating.data, body=form.body.data or "",
                               photos=stored, policy=_policy(), lang=current_lang())
    except reviews.ReviewError as exc:  # a second tab got there first, or the window closed
        db.session.rollback()
        _delete(stored)
        flash(_refusal(exc), "error")
        return redirect(back)
    db.session.commit()
    flash(_("Thank you! Your review is published."), "success")
    listing = db.session.get(Listing, review.listing_id)
    if listing is not None and listing.status == ListingStatus.ACTIVE:
        return redirect(url_for("storefront.listing", listing_id=listing.id,
                                _anchor=f"review-{review.id}"))
    return redirect(back)


def _store_photos(files) -> list[images.StoredImage]:
    """Each photo checked, cleaned and stored; none kept if one is refused."""
    config = current_app.config
    stored: list[images.StoredImage] = []
    try:
        for upload in files:
            stored.append(images.store_image(
                upload.stream, config["UPLOAD_DIR"], max_bytes=config["IMAGE_MAX_BYTES"],
                max_pixels=config["IMAGE_MAX_PIXELS"],
                max_decoded_bytes=config["IMAGE_MAX_DECODED_BYTES"],
                slots=images.work_slots(current_app)))
    except (images.ImageRejected, images.ImagesBusy):
        _delete(stored)
        raise
    return stored


def _delete(stored: list[images.StoredImage]) -> None:
    for photo in stored:
        images.delete_stored(current_app.config["UPLOAD_DIR"], photo.filename, photo.thumbnail,
                             photo.thumbnail_small)


def _form_page(line: OrderLine, form: ReviewForm) -> str:
    listing = db.session.get(Listing, line.listing_id)
    return render_template("reviews/new.html", line=line, listing=listing, form=form)


@bp.get("/studio/reviews")
@login_required
def studio():
    """The artisan's reviews, newest first, each answerable once."""
    artisan = permissions.artisan_of(current_user) or abort(404)
    return render_template("reviews/studio.html", artisan=artisan,
                           reviews=reviews.of_artisan(db.session, artisan), form=ReplyForm())


@bp.post("/reviews/<int:review_id>/reply")
@login_required
@limiter.limit("60 per hour")
def reply(review_id: int):
    review = db.session.get(Review, review_id)
    if review is None or not permissions.can_reply_to_review(current_user, review):
        abort(404)
    back = url_for("reviews.studio", _anchor=f"review-{review.id}")
    form = ReplyForm()
    if not form.validate_on_submit():
        flash(form.body.errors[0] if form.body.errors else _("Write your answer first."),
              "error")
        return redirect(back), 303
    try:
        reviews.reply(db.session, review=review, body=form.body.data, lang=current_lang())
    except reviews.AlreadyReplied:
        db.session.rollback()
        flash(_("You have already answered this review. An answer cannot be changed."), "error")
        return redirect(back), 303
    except reviews.InvalidReview:
        db.session.rollback()
        flash(_("Write your answer first."), "error")
        return redirect(back), 303
    db.session.commit()
    flash(_("Your answer is published under the review."), "success")
    return redirect(back)


@bp.post("/reviews/<int:review_id>/report")
@login_required
@limiter.limit("20 per hour")
def report(review_id: int):
    review = db.session.get(Review, review_id)
    if review is None or review.status != ReviewStatus.PUBLISHED:
        abort(404)
    back = url_for("storefront.listing", listing_id=review.listing_id,
                   _anchor=f"review-{review.id}")
    form = ReviewReportForm()
    if not form.validate_on_submit():
        flash(_("Choose what is wrong with the review."), "error")
        return redirect(back), 303
    moderation.report_review(db.session, review=review, reporter=current_user,
                             reason=ReviewReportReason(form.reason.data),
                             details=form.details.data or "")
    db.session.commit()
    flash(_("Thank you. Bazaar's team will look at this review."), "success")
    return redirect(back)


# What pages show -------------------------------------------------------------------------------


@bp.app_template_global()
def listing_reviews(listing: Listing) -> list[Review]:
    """A listing page's reviews: no statement at all for a listing nobody has reviewed."""
    return reviews.for_listing(db.session, listing)


@bp.app_template_global()
def latest_reviews(artisan: ArtisanProfile) -> list[Review]:
    return reviews.of_artisan(db.session, artisan, limit=3)


@bp.app_template_global()
def order_reviews(order: Order) -> reviews.OrderReviews:
    return reviews.order_reviews(db.session, order, _policy())


@bp.app_template_global()
def shop_rating(shop: ArtisanProfile | Cooperative) -> reviews.ShopRating:
    return reviews.shop_rating(db.session, shop)


@bp.app_template_global()
def review_report_form() -> ReviewReportForm | None:
    """Signed-in readers report reviews; a guest's page carries no form (it may be cached)."""
    return ReviewReportForm(formdata=None) if current_user.is_authenticated else None


@bp.app_template_global()
def product_json_ld(listing: Listing, shown: list[Review]) -> dict:
    return structured_data.product(listing, current_lang(), shown)


@bp.app_template_global()
def direction_of(lang: str) -> str:
    return text_direction(lang)


@bp.app_template_global()
def page_lang() -> str:
    """The page's language, for macros (imported without the page's context)."""
    return current_lang()


bp.add_app_template_filter(whole_stars, "whole_stars")
