"""The artisan's studio. Load → check `permissions` (404 for anyone else) → service → commit."""
from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from marketplace import permissions
from marketplace.accounts import applications
from marketplace.catalog import listings
from marketplace.commerce import inventory
from marketplace.cooperatives import ledger, memberships, reports
from marketplace.core import images
from marketplace.extensions import db
from marketplace.insights import analytics, women_led
from marketplace.models import (
    AccountKind,
    ArtisanProfile,
    Category,
    Cooperative,
    Listing,
    ListingImage,
    Membership,
    MembershipStatus,
)
from marketplace.web.forms import ActionForm
from marketplace.web.impact.display import csv_response, period_from_request, preset_links
from marketplace.web.studio.forms import (
    JoinForm,
    ListingForm,
    PhotoForm,
    WomenLedForm,
    cm,
    mm,
)
from marketplace.web.templating import current_lang

bp = Blueprint("studio", __name__, url_prefix="/studio")


def _artisan() -> ArtisanProfile:
    return permissions.artisan_of(current_user) or abort(404)


def listing_for_editor(listing_id: int) -> Listing:
    listing = db.get_or_404(Listing, listing_id)
    if not permissions.can_edit_listing(current_user, listing):
        abort(404)
    return listing


def _category_choices() -> list[tuple[int, str]]:
    lang = current_lang()
    categories = db.session.scalars(select(Category).order_by(Category.position, Category.id))
    choices = []
    for category in categories:
        trail = [c.localized("name", lang) for c in category.ancestors]
        choices.append((category.id, " › ".join([*trail, category.localized("name", lang)])))
    return sorted(choices, key=lambda c: c[1])


def _cooperative_choices(artisan: ArtisanProfile) -> list[tuple[int, str]]:
    lang = current_lang()
    return [(0, _("None: sell in my own shop"))] + [
        (m.cooperative.id, m.cooperative.localized("name", lang))
        for m in artisan.memberships if m.status == MembershipStatus.ACTIVE
    ]


def _form(artisan: ArtisanProfile, listing: Listing | None = None, *, bind: bool = True
          ) -> ListingForm:
    """The listing form, bound to the request, or (bind=False) showing the stored listing."""
    form = ListingForm() if bind else ListingForm(formdata=None)
    form.category.choices = _category_choices()
    form.cooperative.choices = _cooperative_choices(artisan)
    form.price.currency = artisan.currency
    if listing is not None and (not bind or request.method == "GET"):
        texts = {t.lang: t for t in listing.translations}
        for lang in listings.LANGUAGES:
            if lang in texts:
                getattr(form, f"title_{lang}").data = texts[lang].title
                getattr(form, f"description_{lang}").data = texts[lang].description
                getattr(form, f"materials_{lang}").data = texts[lang].materials
        form.category.data = listing.category_id
        form.cooperative.data = listing.cooperative_id or 0
        form.price.show(listing.price)
        form.stock.data = listing.stock
        form.stock_seen.data = str(listing.stock)
        form.made_to_order.data = listing.made_to_order
        form.prep_days.data = listing.prep_days
        form.length_cm.data, form.width_cm.data = cm(listing.length_mm), cm(listing.width_mm)
        form.height_cm.data, form.weight_g.data = cm(listing.height_mm), listing.weight_g
    return form


def _input(form: ListingForm, artisan: ArtisanProfile) -> listings.ListingInput:
    cooperative = None
    if form.cooperative.data:
        cooperative = db.session.get(Cooperative, form.cooperative.data)
    return listings.ListingInput(
        category=db.session.get(Category, form.category.data) or abort(400),
        cooperative=cooperative,
        price_minor=form.price.money.amount_minor,
        stock=form.stock.data or 0,
        stock_seen=form.seen_stock(),
        made_to_order=form.made_to_order.data,
        prep_days=form.prep_days.data,
        length_mm=mm(form.length_cm.data),
        width_mm=mm(form.width_cm.data),
        height_mm=mm(form.height_cm.data),
        weight_g=form.weight_g.data,
        texts={
            lang: listings.ListingText(
                title=getattr(form, f"title_{lang}").data or "",
                description=getattr(form, f"description_{lang}").data or "",
                materials=getattr(form, f"materials_{lang}").data or "",
            )
            for lang in listings.LANGUAGES
        },
    )


def _saved_message(listing: Listing) -> str:
    if listing.status == "pending_review":
        return _("Saved and sent to the cooperative for approval.")
    if listing.status == "active":
        return _("Saved. The listing is live.")
    return _("Saved as a draft.")


@bp.get("/")
@login_required
def index():
    artisan = _artisan()
    own = list(db.session.scalars(
        select(Listing).where(Listing.artisan_id == artisan.id)
        .options(selectinload(Listing.translations), selectinload(Listing.images))
        .order_by(Listing.status, Listing.id.desc())
    ))
    currency = artisan.currency
    rows = ledger.sales_rows(db.session, artisan_id=artisan.id)
    months = reports.monthly(rows, currency, current_lang(), date.today())
    titles = {item.id: item for item in own}
    return render_template(
        "studio/index.html",
        artisan=artisan,
        listings=own,
        bars=reports.bars(months),
        by_listing=[(titles.get(i), total) for i, total in
                    reports.per_listing(rows, currency).items()],
        available=ledger.artisan_available(db.session, artisan.id, currency),
        invitations=[m for m in artisan.memberships if m.status == MembershipStatus.INVITED],
        application=None if artisan.approved else applications.latest(db.session, artisan),
        memberships=artisan.memberships,
        join_form=_join_form(artisan),
        action=ActionForm(),
    )


def _join_form(artisan: ArtisanProfile) -> JoinForm:
    form = JoinForm()
    joined = {m.cooperative_id for m in artisan.memberships}
    country = artisan.village.county.province.country_code
    lang = current_lang()
    form.cooperative.choices = [
        (c.id, c.localized("name", lang))
        for c in db.session.scalars(select(Cooperative).order_by(Cooperative.id))
        if c.id not in joined and c.province.country_code == country
    ]
    return form


@bp.route("/listings/new", methods=["GET", "POST"])
@login_required
def new_listing():
    artisan = _artisan()
    form = _form(artisan)
    if not form.validate_on_submit():
        return render_template("studio/listing_form.html", form=form, listing=None,
                               currency=artisan.currency), 400 if form.errors else 200
    try:
        listing = listings.create_listing(db.session, artisan=artisan,
                                          data=_input(form, artisan), publish=form.publish.data)
    except listings.ShopNotApproved:
        db.session.rollback()
        return _not_approved(render_template("studio/listing_form.html", form=form,
                                             listing=None, currency=artisan.currency))
    db.session.commit()
    flash(_saved_message(listing), "success")
    return redirect(url_for("studio.edit_listing", listing_id=listing.id))


@bp.route("/listings/<int:listing_id>/edit", methods=["GET", "POST"])
@login_required
def edit_listing(listing_id: int):
    listing = listing_for_editor(listing_id)
    artisan = listing.artisan
    form = _form(artisan, listing)
    if not form.validate_on_submit():
        return _edit_page(listing, form), 400 if form.errors else 200
    try:
        listings.update_listing(db.session, listing=listing, data=_input(form, artisan),
                                publish=form.publish.data)
    except listings.ShopNotApproved:
        db.session.rollback()
        return _not_approved(_edit_page(listing, form))
    except inventory.StockChanged as exc:
        db.session.rollback()
        form.stock_seen.data = str(exc.current)
        form.stock.errors = [_("The stock changed while you were editing: now %(n)d. Check "
                               "the number and save again.", n=exc.current)]
        return _edit_page(listing, form), 409
    db.session.commit()
    flash(_saved_message(listing), "success")
    return redirect(url_for("studio.edit_listing", listing_id=listing.id))


def _not_approved(page: str):
    """Publishing before the shop is approved: nothing saved, the form back with the reason."""
    flash(_("Your shop is not approved yet: save the listing as a draft for now. You can "
            "publish it once your application is approved."), "error")
    return page, 409


def _edit_page(listing: Listing, form: ListingForm | None = None) -> str:
    return render_template(
        "studio/listing_form.html", form=form or _form(listing.artisan, listing, bind=False),
        listing=listing,
        photo_form=PhotoForm(), action=ActionForm(), currency=listing.currency,
    )


@bp.post("/listings/<int:listing_id>/archive")
@login_required
def archive_listing(listing_id: int):
    listing = listing_for_editor(listing_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    listings.archive_listing(db.session, listing=listing)
    db.session.commit()
    flash(_("The listing is archived and no longer for sale."), "info")
    return redirect(url_for("studio.index"))


@bp.post("/listings/<int:listing_id>/photos")
@login_required
def upload_photo(listing_id: int):
    listing = listing_for_editor(listing_id)
    form = PhotoForm()
    if not form.validate_on_submit():
        flash(_("Choose a photo to upload."), "error")
        return redirect(url_for("studio.edit_listing", listing_id=listing.id))
    try:
        listings.check_room_for_image(listing)  # before any decoding (S42)
    except listings.TooManyImages:
        return _too_many_photos(listing)
    config = current_app.config
    try:
        stored = images.store_image(form.photo.data.stream, config["UPLOAD_DIR"],
                                    max_bytes=config["IMAGE_MAX_BYTES"],
                                    max_pixels=config["IMAGE_MAX_PIXELS"],
                                    max_decoded_bytes=config["IMAGE_MAX_DECODED_BYTES"],
                                    slots=images.work_slots(current_app))
    except images.ImageTooLarge:
        abort(413)
    except images.ImagesBusy:
        flash(_("Many photos are being processed right now. Please try again in a few "
                "seconds."), "error")
        return _edit_page(listing), 503, {"Retry-After": str(images.BUSY_RETRY_AFTER_SECONDS)}
    except images.ImageTooManyPixels:
        flash(_("That photo is too large for us to process. Upload a JPEG of at most "
                "%(n)d megapixels, or a smaller PNG or WebP.",
                n=config["IMAGE_MAX_PIXELS"] // 1_000_000), "error")
        return _edit_page(listing), 400
    except images.ImageRejected:
        flash(_("That file is not a photo we can use. Upload a JPEG, PNG or WebP image."), "error")
        return _edit_page(listing), 400
    try:
        listings.add_image(db.session, listing=listing, filename=stored.filename,
                           thumbnail=stored.thumbnail, thumbnail_small=stored.thumbnail_small,
                           width=stored.width, height=stored.height)
    except listings.TooManyImages:  # another upload filled it meanwhile
        images.delete_stored(config["UPLOAD_DIR"], stored.filename, stored.thumbnail,
                             stored.thumbnail_small)
        return _too_many_photos(listing)
    db.session.commit()
    flash(_("Photo added."), "success")
    return redirect(url_for("studio.edit_listing", listing_id=listing.id))


def _too_many_photos(listing: Listing):
    flash(_("A listing can have at most %(n)d photos.", n=listings.MAX_IMAGES), "error")
    return redirect(url_for("studio.edit_listing", listing_id=listing.id))


@bp.post("/listings/<int:listing_id>/photos/<int:image_id>/delete")
@login_required
def delete_photo(listing_id: int, image_id: int):
    listing = listing_for_editor(listing_id)
    image = db.get_or_404(ListingImage, image_id)
    if image.listing_id != listing.id or not ActionForm().validate_on_submit():
        abort(404)
    names = (image.filename, image.thumbnail, image.thumbnail_small)
    listings.remove_image(db.session, image=image)
    db.session.commit()
    images.delete_stored(current_app.config["UPLOAD_DIR"], *names)
    flash(_("Photo removed."), "info")
    return redirect(url_for("studio.edit_listing", listing_id=listing.id))


@bp.get("/money")
@login_required
def money():
    artisan = _artisan()
    currency = artisan.currency
    balances = ledger.balances_of(db.session, artisan_id=artisan.id)
    return render_template(
        "studio/money.html",
        artisan=artisan,
        available=ledger.artisan_available(db.session, artisan.id, currency),
        receivable=balances.get((AccountKind.ARTISAN_RECEIVABLE, currency)),
        to_cooperatives=ledger.owed_to_cooperatives(db.session, artisan.id, currency),
        payouts=ledger.recent_payouts(db.session, limit=100, artisan_id=artisan.id),
        sales=ledger.sales_rows(db.session, artisan_id=artisan.id)[-50:][::-1],
    )


@bp.post("/memberships/<int:membership_id>/accept")
@login_required
def accept_invitation(membership_id: int):
    artisan = _artisan()
    membership = db.get_or_404(Membership, membership_id)
    if membership.artisan_id != artisan.id or membership.status != MembershipStatus.INVITED:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    memberships.activate(db.session, membership=membership, expected=MembershipStatus.INVITED)
    db.session.commit()
    flash(_("You are now a member of %(name)s.",
            name=membership.cooperative.localized("name", current_lang())), "success")
    return redirect(url_for("studio.index"))


@bp.post("/memberships/join")
@login_required
def request_membership():
    artisan = _artisan()
    form = _join_form(artisan)
    if not form.validate_on_submit():
        abort(400)
    cooperative = db.session.get(Cooperative, form.cooperative.data) or abort(400)
    try:
        memberships.request_to_join(db.session, cooperative=cooperative, artisan=artisan)
    except memberships.AlreadyMember:
        abort(400)
    db.session.commit()
    flash(_("Request sent. The cooperative's admin will review it."), "success")
    return redirect(url_for("studio.index"))


def _own_listings(artisan: ArtisanProfile) -> dict[int, Listing]:
    return {item.id: item for item in db.session.scalars(
        select(Listing).where(Listing.artisan_id == artisan.id)
        .options(selectinload(Listing.translations)).order_by(Listing.id))}


def _analytics(artisan: ArtisanProfile):
    period = period_from_request()
    owner = analytics.Owner(artisan_id=artisan.id)
    by_listing = analytics.breakdown(db.session, owner=owner, period=period, by="listing")
    own = _own_listings(artisan)
    funnels = analytics.funnels(db.session, listing_ids=list(own), sold=by_listing,
                                period=period)
    return period, owner, own, by_listing, funnels


@bp.get("/analytics")
@login_required
def analytics_page():
    """Sales by listing, month, destination and buyer country; views -> carts -> orders."""
    artisan = _artisan()
    period, owner, own, by_listing, funnels = _analytics(artisan)
    days = analytics.breakdown(db.session, owner=owner, period=period, by="day")
    form = WomenLedForm(formdata=None, women_led=artisan.women_led)
    return render_template(
        "studio/analytics.html", artisan=artisan, period=period, listings=own,
        by_listing=by_listing, funnels=funnels,
        bars=reports.bars(analytics.monthly(days, period, artisan.currency, current_lang())),
        destinations=analytics.breakdown(db.session, owner=owner, period=period, by="domestic"),
        countries=analytics.breakdown(db.session, owner=owner, period=period,
                                      by="buyer_country"),
        preset_links=preset_links("studio.analytics_page", period),
        csv_url=url_for("studio.analytics_csv", **period.as_args()),
        women_led_form=form,
    )


@bp.get("/analytics.csv")
@login_required
def analytics_csv():
    artisan = _artisan()
    period, _owner, own, by_listing, funnels = _analytics(artisan)
    seen = {f.listing_id: f for f in funnels}
    rows = []
    for row in by_listing:
        listing = own.get(row.key)
        funnel = seen.get(row.key)
        rows.append((row.key, listing.text("en").title if listing else "", row.currency,
                     row.gross.to_decimal(), row.artisan.to_decimal(), row.units, row.lines,
                     funnel.views if funnel else 0, funnel.carts if funnel else 0))
    return csv_response(f"bazaar-sales-{period.start}-{period.end}.csv",
                        ["listing_id", "title", "currency", "sales", "your_share", "units",
                         "orders", "views", "carts"], rows)


@bp.post("/women-led")
@login_required
def declare_women_led():
    artisan = _artisan()
    form = WomenLedForm()
    if not form.validate_on_submit():
        abort(400)
    women_led.declare(db.session, artisan=artisan, women_led=form.women_led.data)
    db.session.commit()
    flash(_("Saved. Your cooperative can now confirm it.") if form.women_led.data
          else _("Saved: your shop is no longer counted as women-led."), "success")
    return redirect(url_for("studio.analytics_page"))
