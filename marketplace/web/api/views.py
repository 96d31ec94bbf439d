"""`GET /api/v1/search`: the catalogue search as JSON, the same results as the search page."""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from flask import Blueprint, Response, current_app, jsonify, request, url_for

from marketplace.core import formatting
from marketplace.extensions import db
from marketplace.search import catalogue, suggestions
from marketplace.search.highlight import highlight
from marketplace.search.indexer import search_index
from marketplace.web.templating import current_lang

bp = Blueprint("api", __name__, url_prefix="/api/v1")
_OPENAPI = Path(__file__).with_name("openapi.json")


@bp.get("/search")
def search():
    search_request = catalogue.request_for(
        request.args, per_page=current_app.config["LISTINGS_PER_PAGE"]
    )
    page = catalogue.run(db.session, search_index(), search_request)
    result = page.result
    return jsonify(
        query=search_request.text,
        total=result.total,
        page=search_request.page,
        per_page=search_request.per_page,
        pages=result.pages,
        sort=search_request.sort,
        suggestion=result.suggestion,
        corrected_query=result.corrected,
        results=[_listing(item, result.terms) for item in page.listings],
        partial_results=[_listing(item, result.terms) for item in page.partial_listings],
        facets={
            name: [{"value": f.value, "count": f.count, **_names(f.record)} for f in values]
            for name, values in page.facets.items()
        },
        in_stock_count=result.in_stock_count,
        top_rated_count=result.top_rated_count,
    )


@bp.get("/suggest")
def suggest():
    lang = request.args.get("lang") if request.args.get("lang") in ("fa", "en") else current_lang()
    found = suggestions.suggest(db.session, search_index(), request.args.get("q", ""), lang)
    return jsonify(query=request.args.get("q", ""), suggestions=[
        {"kind": s.kind, "text": s.text, "url": _suggestion_url(s)} for s in found
    ])


def _suggestion_url(suggestion: suggestions.Suggestion) -> str:
    if suggestion.kind == "category":
        return url_for("catalog.category", slug=suggestion.target)
    if suggestion.kind == "listing":
        return url_for("storefront.listing", listing_id=int(suggestion.target))
    return url_for("catalog.search", q=suggestion.target)


def _listing(item, terms: set[str]) -> dict:
    texts = {t.lang: t for t in item.translations}
    return {
        "id": item.id,
        "url": url_for("storefront.listing", listing_id=item.id, _external=True),
        "title": {lang: t.title for lang, t in texts.items()},
        "highlights": {lang: str(highlight(t.title, terms)) for lang, t in texts.items()},
        "price": {
            "amount_minor": item.price_minor,
            "currency": item.currency,
            "display": {lang: formatting.format_money(item.price, lang) for lang in ("fa", "en")},
        },
        "in_stock": item.in_stock,
        "village": {"fa": item.village.name_fa, "en": item.village.name_en},
        "rating": ({"average": float(item.rating), "count": item.rating_count}
                   if item.rating_count else None),
    }


def _names(record) -> dict:
    if record is None:
        return {}
    return {"name": {"fa": record.name_fa, "en": record.name_en}}


@cache
def _openapi_text() -> str:
    return json.dumps(json.loads(_OPENAPI.read_text(encoding="utf-8")), ensure_ascii=False)


@bp.get("/openapi.json")
def openapi():
    return Response(_openapi_text(), mimetype="application/json")
