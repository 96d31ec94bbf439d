"""Search and browse the catalogue: by words, by category, by region, with facets."""
from __future__ import annotations

from flask import Blueprint, current_app, render_template, request, url_for
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import Category, Province
from marketplace.search import catalogue
from marketplace.search.indexer import search_index

bp = Blueprint("catalog", __name__)

# URL parameters a facet link or the sort form may change; anything else in the URL is dropped.
PARAMS = ("q", "category", "province", "country", "coop", "cert", "fair", "currency", "min",
          "max", "unit", "in_stock", "rating", "sort", "page", "exact")


@bp.get("/search")
def search():
    return _render()


@bp.get("/categories/<slug>")
def category(slug: str):
    db.first_or_404(select(Category).where(Category.slug == slug))
    return _render(category=slug)


@bp.get("/made-in/<province_slug>")
def region(province_slug: str):
    db.first_or_404(select(Province).where(Province.slug == province_slug))
    return _render(province=province_slug)


def _render(**fixed: str):
    search_request = catalogue.request_for(
        request.args, per_page=current_app.config["LISTINGS_PER_PAGE"], **fixed
    )
    page = catalogue.run(db.session, search_index(), search_request)
    return render_template(
        "catalog/search.html", page=page, link=_link_builder(fixed), fixed=fixed,
        search_text=search_request.text,
        current_params={k: v for k, v in request.args.items() if k in PARAMS and v},
    )


def _link_builder(fixed: dict[str, str]):
    """`link(**changes)`: this page's URL with some parameters changed (None removes one).

    Changing a facet the page is built on (a category page's category) leads to /search.
    """
    def link(**changes: object) -> str:
        params = {k: v for k, v in request.args.items() if k in PARAMS and v}
        if "page" not in changes:
            params.pop("page", None)
        for key, value in changes.items():
            if value is None or value == "":
                params.pop(key, None)
            else:
                params[key] = value
        if any(key in fixed for key in changes):
            for key, value in fixed.items():
                if key not in changes:
                    params[key] = value
            return url_for("catalog.search", **params)
        return url_for(request.endpoint, **(request.view_args or {}), **params)

    return link
