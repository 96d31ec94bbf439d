"""Applying to sell (`/studio/apply`): anyone signed in tells who she is and what she makes;
her shop exists at once for preparing listings, and is published once approved."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from marketplace import permissions
from marketplace.accounts import applications
from marketplace.catalog import certificates
from marketplace.core import images
from marketplace.extensions import db, limiter
from marketplace.models import (
    ApplicationStatus,
    CertificateType,
    Cooperative,
    County,
    HolderKind,
    ShopApplication,
    Village,
)
from marketplace.web.certificates.views import store_evidence
from marketplace.web.studio.application_forms import ApplyForm, DecisionForm
from marketplace.web.templating import current_lang

bp = Blueprint("shop_application", __name__, url_prefix="/studio")


def _choices(form: ApplyForm) -> ApplyForm:
    lang = current_lang()
    villages = db.session.scalars(
        select(Village).options(selectinload(Village.county).selectinload(County.province)))
    form.village.choices = sorted(
        ((v.id, f"{v.localized('name', lang)}، {v.county.localized('name', lang)}، "
                f"{v.county.province.localized('name', lang)}" if lang == "fa" else
          f"{v.localized('name', lang)}, {v.county.localized('name', lang)}, "
          f"{v.county.province.localized('name', lang)}") for v in villages),
        key=lambda choice: choice[1])
    form.cooperative.choices = [(0, _("None: I sell on my own"))] + [
        (c.id, c.localized("name", lang))
        for c in db.session.scalars(select(Cooperative).order_by(Cooperative.id))]
    form.licence_type.choices = [(0, _("None"))] + [
        (t.id, t.localized("name", lang))
        for t in certificates.types_for(db.session, HolderKind.ARTISAN)]
    return form


def _prefill(form: ApplyForm) -> None:
    artisan = current_user.artisan_profile
    if artisan is None:
        form.display_name_fa.data = current_user.display_name
        return
    for name in ("display_name_fa", "display_name_en", "craft_fa", "craft_en", "story_fa",
                 "story_en", "women_led"):
        getattr(form, name).data = getattr(artisan, name)
    form.village.data = artisan.village_id


@bp.route("/apply", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per hour", methods=["POST"])
def apply():
    artisan = current_user.artisan_profile
    latest = applications.latest(db.session, artisan) if artisan is not None else None
    if (artisan is not None and artisan.approved) or (
            latest is not None and latest.status == ApplicationStatus.PENDING):
        return render_template("studio/application_status.html", artisan=artisan,
                               application=latest)
    form = _choices(ApplyForm())
    if not form.is_submitted():
        _prefill(form)
    if not form.validate_on_submit():
        return _form_page(form, latest), 400 if form.errors else 200
    village = db.session.get(Village, form.village.data) or abort(400)
    cooperative = db.session.get(Cooperative, form.cooperative.data) if form.cooperative.data \
        else None
    photos = _store_photos(form)
    if photos is None:
        return _form_page(form, latest), 400
    licence, licence_file = None, None
    if form.licence_type.data:
        licence_file = store_evidence(form.licence_evidence)
        if licence_file is None:
            _forget(photos)
            return _form_page(form, latest), 400
        licence = certificates.CertificateInput(
            db.session.get(CertificateType, form.licence_type.data) or abort(400),
            form.licence_issuer.data, form.licence_number.data, form.licence_issued_on.data,
            form.licence_expires_on.data)
    try:
        applications.apply(
            db.session, user=current_user, cooperative=cooperative, photos=photos,
            licence=licence, licence_file=licence_file,
            details=applications.ShopDetails(
                display_name_fa=form.display_name_fa.data,
                display_name_en=form.display_name_en.data, craft_fa=form.craft_fa.data,
                craft_en=form.craft_en.data or "", story_fa=form.story_fa.data,
                story_en=form.story_en.data or "", village=village,
                women_led=form.women_led.data))
    except applications.OutsideCooperativeCountry:
        db.session.rollback()
        _forget(photos, licence_file)
        form.cooperative.errors = [_("This cooperative takes artisans from its own country.")]
        return _form_page(form, latest), 400
    except certificates.NotForThisHolder:
        db.session.rollback()
        _forget(photos, licence_file)
        form.licence_type.errors = [_("This kind of certificate is not a licence of yours.")]
        return _form_page(form, latest), 400
    db.session.commit()
    flash(_("Your application is sent. Meanwhile you can prepare your listings as drafts."),
          "success")
    return redirect(url_for("studio.index"))


def _form_page(form: ApplyForm, latest):
    return render_template("studio/apply.html", form=form, rejected=latest)


def _store_photos(form: ApplyForm) -> list[images.StoredImage] | None:
    config = current_app.config
    stored: list[images.StoredImage] = []
    for upload in form.uploaded_photos():
        try:
            stored.append(images.store_image(
                upload.stream, config["UPLOAD_DIR"], max_bytes=config["IMAGE_MAX_BYTES"],
                max_pixels=config["IMAGE_MAX_PIXELS"],
                max_decoded_bytes=config["IMAGE_MAX_DECODED_BYTES"],
                slots=images.work_slots(current_app)))
        except images.ImageTooLarge:
            _forget(stored)
            abort(413)
        except images.ImagesBusy:
            _forget(stored)
            abort(503)
        except images.ImageRejected:
            _forget(stored)
            form.photos.errors = [_("One of the files is not a photo we can use. Upload JPEG, "
                                    "PNG or WebP images.")]
            return None
    return stored


def _forget(photos: list[images.StoredImage], evidence: str | None = None) -> None:
    config = current_app.config
    for photo in photos:
        images.delete_stored(config["UPLOAD_DIR"], photo.filename, photo.thumbnail)
    if evidence:
        images.delete_stored(config["EVIDENCE_DIR"], evidence)


# The deciders' side (the platform's and the cooperatives' queues) -------------------------------


def application_for_reviewer(application_id: int) -> ShopApplication:
    application = db.session.get(ShopApplication, application_id)
    if application is None or not permissions.can_review_application(current_user, application):
        abort(404)
    return application


def decide(application: ShopApplication, *, approve: bool, back: str):
    """Approve, or turn down with the reason the applicant reads; then back to the queue."""
    form = DecisionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        if approve:
            applications.approve(db.session, application=application, by=current_user)
        else:
            if not (form.reason.data or "").strip():
                flash(_("Say why: the applicant reads it and can correct it."), "error")
                return redirect(back), 303
            applications.reject(db.session, application=application, by=current_user,
                                reason=form.reason.data)
    except applications.InvalidApplicationMove:
        abort(404)
    db.session.commit()
    name = application.artisan.localized("display_name", current_lang())
    flash(_("%(name)s's shop is approved.", name=name) if approve
          else _("%(name)s is told why, and may apply again.", name=name), "success")
    return redirect(back)
