"""Public fair pages: the fairs open now, coming and past, a fair (booths, schedule, countdown,
search within it) and a booth. All are cached whole for anonymous visitors (page_cache.py).

A booth page counts its visit on the server: this view for the pages Flask renders, and the
page cache (`count_visits`) for the ones it answers from its store, so a cached page is counted
too, without any script, beacon or third party. Nothing about the visitor is kept.
"""
from __future__ import annotations

from flask import Blueprint, abort, render_template
from sqlalchemy import select

from marketplace.cooperatives import fairs
from marketplace.extensions import db
from marketplace.models import Booth, BoothStatus, Fair
from marketplace.models.base import utcnow
from marketplace.web import local_time, page_cache
from marketplace.web.templating import current_lang

bp = Blueprint("fairs", __name__, url_prefix="/fairs")


@bp.record_once
def _count_cached_visits(state) -> None:
    page_cache.count_visits(state.app, "fairs.booth", _count_visit)


def _count_visit(view_args: dict) -> None:
    if fairs.record_visit(db.session, booth_id=view_args["booth_id"]):
        db.session.commit()


@bp.get("/")
def index():
    now = utcnow()
    return render_template("fairs/index.html", open_now=fairs.open_now(db.session, now),
                           upcoming=fairs.upcoming(db.session, now),
                           past=fairs.past(db.session, now)[:6], now=now)


@bp.get("/archive")
def archive():
    now = utcnow()
    return render_template("fairs/archive.html", past=fairs.past(db.session, now), now=now)


def fair_by_slug(slug: str) -> Fair:
    return db.first_or_404(select(Fair).where(Fair.slug == slug))


@bp.get("/<slug>")
def fair(slug: str):
    shown = fair_by_slug(slug)
    now = utcnow()
    return render_template(
        "fairs/fair.html", fair=shown, booths=fairs.booth_cards(db.session, shown),
        now=now, opens_in=None if shown.has_opened(now) else local_time.until(
            shown.opens_at, now, current_lang()))


@bp.get("/<slug>/booths/<int:booth_id>")
def booth(slug: str, booth_id: int):
    shown = db.session.get(Booth, booth_id)
    if shown is None or shown.fair.slug != slug or shown.status != BoothStatus.ACCEPTED:
        abort(404)
    (card,) = fairs.booth_cards(db.session, shown.fair, only=shown)
    _count_visit({"booth_id": shown.id})
    return render_template("fairs/booth.html", fair=shown.fair, booth=shown,
                           listings=card.listings, now=utcnow())
