"""The view-count beacon: `static/js/beacon.js` posts here once a listing page is shown.

Why a beacon, not a count in Flask's listing view: most listing views are served whole from
the anonymous page cache (web/page_cache.py) without entering Flask, so a count there would
miss them; counting inside the cache would put a database write in front of every cached page.
The beacon is a tiny request of its own after the page, cached or not, and only browsers that
run the page's script send it, so most crawlers are not counted. Visitors without JavaScript
are not counted either; carts and orders are counted on the server whatever the browser.

Nothing about the visitor is read or kept: no address, account or cookie reaches the counter,
which holds a number per listing per day (S15: a POST, never a GET, changes it).
"""
from __future__ import annotations

from flask import Blueprint, abort, request

from marketplace.extensions import csrf, db, limiter
from marketplace.insights import counters
from marketplace.models import Listing, ListingStatus

bp = Blueprint("counters", __name__, url_prefix="/counters")


@bp.post("/listing/<int:listing_id>/view")
@csrf.exempt  # a count, not an act of the visitor's; cross-site posts are refused below
@limiter.limit("120 per minute")
def listing_view(listing_id: int):
    if request.headers.get("Sec-Fetch-Site", "same-origin") != "same-origin":
        abort(403)
    listing = db.session.get(Listing, listing_id)
    if listing is None or listing.status != ListingStatus.ACTIVE:
        abort(404)
    counters.bump(db.session, "listing", listing.id, "view")
    db.session.commit()
    return "", 204
