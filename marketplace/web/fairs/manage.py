"""The organiser's pages: create and edit fairs, decide on booth applications, place booths,
keep the schedule, and see visits and sales per booth.

Only a fair's organiser reaches its pages (`permissions.can_manage_fair`): a platform admin for
the platform's fairs, a cooperative's admins for the cooperative's. Everyone else gets 404 (S48).
"""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from marketplace import permissions
from marketplace.cooperatives import fairs
from marketplace.core.formatting import in_zone
from marketplace.extensions import db
from marketplace.models import (
    Booth,
    BoothStatus,
    Cooperative,
    Fair,
    FairEvent,
    FairEventKind,
    FairLevel,
    Province,
)
from marketplace.models.base import utcnow
from marketplace.web.fairs.forms import DecisionForm, EventForm, FairForm, PlaceForm, at
from marketplace.web.forms import ActionForm
from marketplace.web.local_time import home_zone
from marketplace.web.templating import current_lang

bp = Blueprint("fair_admin", __name__, url_prefix="/organise/fairs")


def _organiser_only() -> None:
    if not permissions.can_organise_fairs(current_user):
        abort(404)


def fair_for_organiser(slug: str) -> Fair:
    fair = db.first_or_404(select(Fair).where(Fair.slug == slug))
    if not permissions.can_manage_fair(current_user, fair):
        abort(404)
    return fair


def _booth_of(fair: Fair, booth_id: int) -> Booth:
    booth = db.session.get(Booth, booth_id)
    if booth is None or booth.fair_id != fair.id:
        abort(404)
    return booth


def _fair_form(fair: Fair | None = None) -> FairForm:
    form = FairForm()
    lang = current_lang()
    coops = list(current_user.administered_cooperatives)
    form.organiser.choices = ([(0, _("The platform"))] if current_user.is_platform_admin else []) \
        + [(c.id, c.localized("name", lang)) for c in coops]
    if fair is not None:  # the organiser of an existing fair stays who it is
        form.organiser.choices = [c for c in form.organiser.choices
                                  if c[0] == (fair.cooperative_id or 0)]
    provinces = db.session.scalars(select(Province).order_by(Province.country_code,
                                                             Province.name_en))
    form.province.choices = [(p.id, p.localized("name", lang)) for p in provinces]
    if fair is not None and request.method == "GET":
        for name in ("name_fa", "name_en", "theme_fa", "theme_en", "story_fa", "story_en",
                     "venue_fa", "venue_en", "timezone", "permanent", "booth_count",
                     "features_per_booth"):
            getattr(form, name).data = getattr(fair, name)
        form.organiser.data = fair.cooperative_id or 0
        form.level.data = fair.level.value
        form.province.data = fair.province_id
        local = in_zone(fair.opens_at, fair.timezone)
        form.opens_on.data, form.opens_time.data = local.date(), local.time()
        if fair.closes_at is not None:
            local = in_zone(fair.closes_at, fair.timezone)
            form.closes_on.data, form.closes_time.data = local.date(), local.time()
    elif fair is None and request.method == "GET" and coops and not current_user.is_platform_admin:
        form.province.data = coops[0].province_id
        form.timezone.data = home_zone(coops[0].province.country_code)
    return form


def _input(form: FairForm) -> fairs.FairInput:
    return fairs.FairInput(
        name_fa=form.name_fa.data, name_en=form.name_en.data or "",
        theme_fa=form.theme_fa.data or "", theme_en=form.theme_en.data or "",
        story_fa=form.story_fa.data or "", story_en=form.story_en.data or "",
        venue_fa=form.venue_fa.data or "", venue_en=form.venue_en.data or "",
        level=FairLevel(form.level.data),
        province=db.session.get(Province, form.province.data) or abort(400),
        timezone=form.timezone.data, opens_at=form.opens_at(), closes_at=form.closes_at(),
        permanent=form.permanent.data, booth_count=form.booth_count.data,
        features_per_booth=form.features_per_booth.data)


def _refused(form: FairForm, error: fairs.FairError) -> None:
    if isinstance(error, fairs.WrongRegion):
        form.province.errors = [_("A cooperative organises fairs in its own province.")]
    else:
        form.closes_on.errors = [_("A fair that is not permanent closes after it opens.")]


@bp.get("/")
@login_required
def index():
    _organiser_only()
    return render_template("fairs/manage/index.html",
                           fairs=fairs.organised_by(db.session, current_user), now=utcnow())


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    _organiser_only()
    form = _fair_form()
    if form.validate_on_submit():
        organiser = None
        if form.organiser.data:
            organiser = db.session.get(Cooperative, form.organiser.data) or abort(400)
        try:
            fair = fairs.create_fair(db.session, organiser=organiser, data=_input(form),
                                     by=current_user)
        except fairs.FairError as error:
            db.session.rollback()
            _refused(form, error)
        else:
            db.session.commit()
            flash(_("The fair is created. Artisans and cooperatives can apply for booths now."),
                  "success")
            return redirect(url_for("fair_admin.fair", slug=fair.slug))
    return render_template("fairs/manage/form.html", form=form, fair=None), \
        400 if form.errors else 200


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    fair = fair_for_organiser(slug)
    form = _fair_form(fair)
    if form.validate_on_submit():
        try:
            fairs.update_fair(db.session, fair=fair, data=_input(form))
        except fairs.FairError as error:
            db.session.rollback()
            _refused(form, error)
        else:
            db.session.commit()
            flash(_("The fair is saved."), "success")
            return redirect(url_for("fair_admin.fair", slug=fair.slug))
    return render_template("fairs/manage/form.html", form=form, fair=fair), \
        400 if form.errors else 200


def _event_form(fair: Fair) -> EventForm:
    form = EventForm()
    lang = current_lang()
    form.booth.choices = [(0, _("The whole fair"))] + [
        (b.id, b.holder_name(lang)) for b in fair.booths if b.status == BoothStatus.ACCEPTED]
    return form


@bp.get("/<slug>")
@login_required
def fair(slug: str):
    shown = fair_for_organiser(slug)
    booths = list(db.session.scalars(
        select(Booth).where(Booth.fair_id == shown.id).order_by(Booth.status, Booth.id)))
    visits = fairs.visits(db.session, shown)
    today = fairs.local_day(shown.timezone, utcnow())
    days = [today - timedelta(days=n) for n in range(6, -1, -1)]
    return render_template(
        "fairs/manage/fair.html", fair=shown, booths=booths,
        accepted=sum(1 for b in booths if b.status == BoothStatus.ACCEPTED),
        visits=visits, days=days, sales=fairs.booth_sales(db.session, shown),
        total_visits=sum(sum(by_day.values()) for by_day in visits.values()),
        decision_form=DecisionForm(), place_form=PlaceForm(), event_form=_event_form(shown),
        action=ActionForm(), now=utcnow())


@bp.post("/<slug>/booths/<int:booth_id>/decision")
@login_required
def decide(slug: str, booth_id: int):
    fair = fair_for_organiser(slug)
    booth = _booth_of(fair, booth_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        abort(400)
    accept = form.decision.data == "accept"
    try:
        fairs.decide(db.session, booth=booth, accept=accept, reason=form.reason.data or "")
    except fairs.ReasonRequired:
        flash(_("Tell the applicant why their application is declined."), "error")
        return redirect(url_for("fair_admin.fair", slug=fair.slug))
    except fairs.FairFull:
        flash(_("Every booth is taken. Raise the number of booths to accept more."), "error")
        return redirect(url_for("fair_admin.fair", slug=fair.slug))
    except fairs.InvalidMove:
        flash(_("That application was already decided."), "info")
        return redirect(url_for("fair_admin.fair", slug=fair.slug))
    db.session.commit()
    flash(_("Booth accepted.") if accept else _("Application declined."), "success")
    return redirect(url_for("fair_admin.fair", slug=fair.slug))


@bp.post("/<slug>/booths/<int:booth_id>/place")
@login_required
def place(slug: str, booth_id: int):
    fair = fair_for_organiser(slug)
    booth = _booth_of(fair, booth_id)
    form = PlaceForm()
    if not form.validate_on_submit():
        abort(400)
    fairs.place_booth(db.session, booth=booth, hall=form.hall.data or "",
                      number=form.number.data or "", hours=form.hours.data or "")
    db.session.commit()
    flash(_("The booth's place is saved."), "success")
    return redirect(url_for("fair_admin.fair", slug=fair.slug))


@bp.post("/<slug>/events")
@login_required
def add_event(slug: str):
    fair = fair_for_organiser(slug)
    form = _event_form(fair)
    if not form.validate_on_submit():
        flash(_("Give the event a title, a day and its times."), "error")
        return redirect(url_for("fair_admin.fair", slug=fair.slug))
    booth = _booth_of(fair, form.booth.data) if form.booth.data else None
    try:
        fairs.add_event(db.session, fair=fair, kind=FairEventKind(form.kind.data),
                        title_fa=form.title_fa.data, title_en=form.title_en.data or "",
                        starts_at=at(form.day.data, form.starts.data, fair.timezone),
                        ends_at=at(form.day.data, form.ends.data, fair.timezone), booth=booth)
    except fairs.BadDates:
        flash(_("An event ends after it starts."), "error")
        return redirect(url_for("fair_admin.fair", slug=fair.slug))
    db.session.commit()
    flash(_("The event is on the schedule."), "success")
    return redirect(url_for("fair_admin.fair", slug=fair.slug))


@bp.post("/<slug>/events/<int:event_id>/delete")
@login_required
def remove_event(slug: str, event_id: int):
    fair = fair_for_organiser(slug)
    event = db.session.get(FairEvent, event_id)
    if event is None or event.fair_id != fair.id or not ActionForm().validate_on_submit():
        abort(404)
    fairs.remove_event(db.session, event=event)
    db.session.commit()
    flash(_("The event is removed from the schedule."), "info")
    return redirect(url_for("fair_admin.fair", slug=fair.slug))
