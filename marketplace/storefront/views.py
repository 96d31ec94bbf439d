"""Public pages: home, shops, regions and listings."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request, send_from_directory
from sqlalchemy import select

from marketplace import showcase
from marketplace.extensions import db
from marketplace.models import Cooperative, County, Province, Village
from marketplace.uploads import is_stored_name

bp = Blueprint("storefront", __name__)


def _page() -> int:
    return request.args.get("page", 1, type=int) or 1


def _paginate(query):
    per_page = current_app.config["LISTINGS_PER_PAGE"]
    return db.paginate(query, page=max(_page(), 1), per_page=per_page, error_out=False)


@bp.get("/")
def home():
    return render_template(
        "storefront/home.html",
        cooperatives=showcase.cooperatives(db.session),
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
    )


@bp.get("/coops/<slug>")
def cooperative(slug: str):
    coop = db.first_or_404(select(Cooperative).where(Cooperative.slug == slug))
    return render_template(
        "storefront/cooperative.html",
        cooperative=coop,
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
    village_ids = showcase.village_ids_in(province=region)
    return render_template(
        "storefront/region.html",
        province=region,
        county=None,
        artisans=showcase.artisans_in(db.session, village_ids),
        cooperatives=showcase.cooperatives_in(db.session, region),
        page=_paginate(showcase.region_listings(village_ids)),
    )


@bp.get("/regions/<province_slug>/<county_slug>")
def county(province_slug: str, county_slug: str):
    area = db.first_or_404(
        select(County)
        .join(Province)
        .where(County.slug == county_slug, Province.slug == province_slug)
    )
    village_ids = showcase.village_ids_in(county=area)
    return render_template(
        "storefront/region.html",
        province=area.province,
        county=area,
        artisans=showcase.artisans_in(db.session, village_ids),
        cooperatives=[],
        page=_paginate(showcase.region_listings(village_ids)),
    )


@bp.get("/villages/<slug>")
def village(slug: str):
    place = db.first_or_404(select(Village).where(Village.slug == slug))
    village_ids = [place.id]
    return render_template(
        "storefront/village.html",
        village=place,
        artisans=showcase.artisans_in(db.session, village_ids),
        page=_paginate(showcase.region_listings(village_ids)),
    )


@bp.get("/listings/<int:listing_id>")
def listing(listing_id: int):
    item = showcase.listing_page(db.session, listing_id) or abort(404)
    return render_template(
        "storefront/listing.html",
        listing=item,
        more=showcase.more_from_artisan(db.session, item),
    )


@bp.get("/media/<filename>")
def media(filename: str):
    if not is_stored_name(filename):
        abort(404)
    response = send_from_directory(current_app.config["UPLOAD_DIR"], filename, max_age=86400 * 30)
    response.headers["Content-Disposition"] = "inline"
    return response
