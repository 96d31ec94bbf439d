"""Booth holders' pages in the studio: apply for a booth at a fair, as yourself or for a
cooperative you administer; once accepted, choose the listings to feature and write the booth
note; see the booth's visits and sales. Only the holder reaches a booth (S48): 404 otherwise.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import or_, select

from marketplace import permissions
from marketplace.cooperatives import fairs
from marketplace.extensions import db
from marketplace.models import Booth, Cooperative, Fair
from marketplace.models.base import utcnow
from marketplace.web.fairs.forms import ApplyForm, BoothForm
from marketplace.web.forms import ActionForm
from marketplace.web.templating import current_lang

bp = Blueprint("booths", __name__, url_prefix="/studio/fairs")


def _holder_only() -> None:
    if not permissions.can_hold_booths(current_user):
        abort(404)


def booth_for_holder(booth_id: int) -> Booth:
    booth = db.get_or_404(Booth, booth_id)
    if not permissions.can_manage_booth(current_user, booth):
        abort(404)
    return booth


def _apply_form() -> ApplyForm:
    form = ApplyForm()
    lang = current_lang()
    profile = permissions.artisan_of(current_user)
    form.applicant.choices = ([("artisan", _("Myself: %(name)s",
                                            name=profile.localized("display_name", lang)))]
                              if profile else []) + [
        (f"coop:{c.id}", c.localized("name", lang)) for c in current_user.administered_cooperatives]
    return form


def _my_booths() -> list[Booth]:
    profile = permissions.artisan_of(current_user)
    coop_ids = [c.id for c in current_user.administered_cooperatives]
    mine = Booth.cooperative_id.in_(coop_ids)
    if profile is not None:
        mine = or_(mine, Booth.artisan_id == profile.id)
    return list(db.session.scalars(select(Booth).where(mine).order_by(Booth.id.desc())))


@bp.get("/")
@login_required
def index():
    _holder_only()
    now = utcnow()
    booths = _my_booths()
    return render_template("fairs/booths/index.html", booths=booths,
                           fairs=fairs.taking_applications(db.session, now),
                           applied={(b.fair_id, b.artisan_id, b.cooperative_id) for b in booths},
                           form=_apply_form(), action=ActionForm(), now=now)


@bp.post("/<slug>/apply")
@login_required
def apply(slug: str):
    _holder_only()
    fair = db.first_or_404(select(Fair).where(Fair.slug == slug))
    form = _apply_form()
    if not form.validate_on_submit():
        abort(400)
    artisan = cooperative = None
    if form.applicant.data == "artisan":
        artisan = permissions.artisan_of(current_user)
    else:
        cooperative = db.session.get(Cooperative, int(form.applicant.data.split(":")[1]))
    try:
        fairs.apply(db.session, fair=fair, artisan=artisan, cooperative=cooperative,
                    application=form.application.data or "")
    except fairs.AlreadyApplied:
        flash(_("You have already applied for a booth at this fair."), "info")
        return redirect(url_for("booths.index"))
    except fairs.FairEnded:
        flash(_("This fair has ended."), "error")
        return redirect(url_for("booths.index"))
    db.session.commit()
    flash(_("Application sent. The organiser will accept or decline it."), "success")
    return redirect(url_for("booths.index"))


def _booth_form(booth: Booth) -> tuple[BoothForm, list]:
    form = BoothForm()
    choices = fairs.featurable(db.session, booth)
    lang = current_lang()
    form.listings.choices = [(item.id, item.text(lang).title) for item in choices]
    if not form.is_submitted():
        form.listings.data = [f.listing_id for f in booth.current_features]
        form.note_fa.data, form.note_en.data = booth.note_fa, booth.note_en
    return form, choices


@bp.route("/booths/<int:booth_id>", methods=["GET", "POST"])
@login_required
def booth(booth_id: int):
    shown = booth_for_holder(booth_id)
    form, choices = _booth_form(shown)
    if form.validate_on_submit():
        try:
            fairs.arrange_booth(db.session, booth=shown, listing_ids=form.listings.data,
                                note_fa=form.note_fa.data or "", note_en=form.note_en.data or "")
        except fairs.TooManyFeatures as exc:
            db.session.rollback()
            form.listings.errors = [_("A booth at this fair features at most %(n)d listings.",
                                      n=exc.limit)]
        except (fairs.NotFeaturable, fairs.InvalidMove):
            db.session.rollback()
            form.listings.errors = [_("Only an accepted booth of an open fair features "
                                      "listings, and only your own listings for sale.")]
        else:
            db.session.commit()
            flash(_("Your booth is saved. The fair's search finds your listings now."),
                  "success")
            return redirect(url_for("booths.booth", booth_id=shown.id))
    fair = shown.fair
    return render_template(
        "fairs/booths/booth.html", booth=shown, fair=fair, form=form, choices=choices,
        visits=fairs.visits(db.session, fair).get(shown.id, {}),
        sales=fairs.booth_sales(db.session, fair).get(shown.id), action=ActionForm(),
        now=utcnow()), 400 if form.errors else 200


@bp.post("/booths/<int:booth_id>/withdraw")
@login_required
def withdraw(booth_id: int):
    shown = booth_for_holder(booth_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        fairs.withdraw(db.session, booth=shown)
    except fairs.InvalidMove:
        abort(404)
    db.session.commit()
    flash(_("You have withdrawn from the fair."), "info")
    return redirect(url_for("booths.index"))
