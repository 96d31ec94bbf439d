"""Public pages: home, shops, regions and listings."""
from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from marketplace.catalog import certificates, moderation, showcase
from marketplace.cooperatives import fairs
from marketplace.core.uploads import is_stored_name
from marketplace.extensions import db, limiter
from marketplace.models import Cooperative, County, Province, ReportReason, Village
from marketplace.models.base import utcnow
from marketplace.search.query import parse_page
from marketplace.web.storefront.forms import ReportForm

bp = Blueprint("storefront", __name__)


def _paginate(query):
    per_page = current_app.config["LISTINGS_PER_PAGE"]
    return db.paginate(query, page=parse_page(request.args.get("page", 1)), per_page=per_page,
                       error_out=False)


@bp.get("/")
def home():
    now = utcnow()
    return render_template(
        "storefront/home.html", fairs=fairs.open_now(db.session, now), now=now,
        cooperatives=showcase.cooperatives(db.session),
        categories=showcase.top_categories(db.session),
        provinces=showcase.provinces_with_counts(db.session)[:8],
        listings=showcase.newest_listings(db.session),
    )


@bp.get("/artisans/<slug>")
def artisan(slug: str):
    profile = showcase.artisan_by_slug(db.session, slug) or abort(404)
    return render_template(
        "storefront/artisan.html",
        artisan=profile,
        listings=showcase.listings_of_artisan(db.session, profile),
        badges=certificates.badges_of(db.session, artisan=profile, on=certificates.today()),
    )


@bp.get("/coops/<slug>")
def cooperative(slug: str):
    coop = db.first_or_404(select(Cooperative).where(Cooperative.slug == slug))
    return render_template(
        "storefront/cooperative.html",
        cooperative=coop,
        badges=certificates.badges_of(db.session, cooperative=coop, on=certificates.today()),
        members=showcase.active_members(db.session, coop),
        page=_paginate(showcase.cooperative_listings(coop)),
    )


@bp.get("/regions")
def regions():
    return render_template(
        "storefront/regions.html", provinces=showcase.provinces_with_counts(db.session)
    )


@bp.get("/regions/<province_slug>")
def province(province_slug: str):
    region = db.first_or_404(select(Province).where(Province.slug == province_slug))
    return _place_page("storefront/region.html", showcase.village_ids_in(province=region),
                       province=region, county=None,
                       cooperatives=showcase.cooperatives_in(db.session, region))


@bp.get("/regions/<province_slug>/<county_slug>")
def county(province_slug: str, county_slug: str):
    area = db.first_or_404(
        select(County)
        .join(Province)
        .where(County.slug == county_slug, Province.slug == province_slug)
    )
    return _place_page("storefront/region.html", showcase.village_ids_in(county=area),
                       province=area.province, county=area, cooperatives=[])


@bp.get("/villages/<slug>")
def village(slug: str):
    place = db.first_or_404(select(Village).where(Village.slug == slug))
    return _place_page("storefront/village.html", [place.id], village=place)


def _place_page(template: str, village_ids, **context):
    """A province, county or village: who works there and what they made, by provenance."""
    return render_template(template, artisans=showcase.artisans_in(db.session, village_ids),
                           page=_paginate(showcase.region_listings(village_ids)), **context)


def _viewer_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None


@bp.get("/listings/<int:listing_id>")
def listing(listing_id: int):
    item = showcase.listing_page(db.session, listing_id, viewer_id=_viewer_id()) or abort(404)
    # Only signed-in users report; a form (and its CSRF token) would keep the page from the cache.
    return _listing_page(item, ReportForm(formdata=None) if current_user.is_authenticated else None)


@bp.post("/listings/<int:listing_id>/report")
@login_required
@limiter.limit("20 per hour")
def report(listing_id: int):
    item = showcase.listing_page(db.session, listing_id, viewer_id=_viewer_id()) or abort(404)
    form = ReportForm()
    if not form.validate_on_submit():
        return _listing_page(item, form), 400
    moderation.report(db.session, listing=item, reporter=current_user,
                      reason=ReportReason(form.reason.data), details=form.details.data or "")
    db.session.commit()
    flash(_("Thank you. Bazaar's team will look at this listing."), "success")
    return redirect(url_for("storefront.listing", listing_id=item.id))


def _listing_page(item, report_form: ReportForm | None) -> str:
    return render_template(
        "storefront/listing.html",
        listing=item,
        more=showcase.more_from_artisan(db.session, item),
        report_form=report_form,
        badges=certificates.badges(db.session, item, on=certificates.today()),
    )


@bp.get("/media/<filename>")
def media(filename: str):
    if not is_stored_name(filename):
        abort(404)
    response = send_from_directory(current_app.config["UPLOAD_DIR"], filename, max_age=86400 * 30)
    response.headers["Content-Disposition"] = "inline"
    return response
