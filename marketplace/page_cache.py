"""Whole-page cache for first-time anonymous visitors, as a CDN would serve them (bench/README).

Only GETs of the browse pages in `ENDPOINTS`, only when the request carries no session,
remember, cart or currency cookie (so no login, no flashes, no cart, no chosen currency), and
only 200 HTML answers that set no cookie. The key holds the full URL, the language the app's
locale selector resolved, the display currency and the search index generation (it moves on
every catalogue change the index sees); entries also expire after PAGE_CACHE_SECONDS.

Pages are rendered with a placeholder CSRF token that each response replaces with
`generate_csrf()` for the visitor at hand, which also starts that visitor's session.
"""
from __future__ import annotations

import hashlib
import logging

from flask import Flask, Response, current_app, g, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from marketplace import shopper_currency
from marketplace.cart.current import COOKIE as CART_COOKIE
from marketplace.extensions import cache
from marketplace.search.indexer import search_index
from marketplace.templating import current_lang

log = logging.getLogger(__name__)

ENDPOINTS = frozenset({
    "storefront.home", "storefront.listing", "storefront.regions", "storefront.province",
    "storefront.county", "catalog.search", "catalog.category", "catalog.region",
})
PLACEHOLDER = "__bazaar_csrf_placeholder__"
_KEY = "page_cache_key"


def enabled(app: Flask) -> bool:
    return (app.config.get("CACHE_TYPE") or "NullCache").lower() not in {"nullcache", "null"} \
        and app.config.get("PAGE_CACHE_SECONDS", 0) > 0


def _private_cookies(app: Flask) -> tuple[str, ...]:
    return (app.config["SESSION_COOKIE_NAME"], app.config.get("REMEMBER_COOKIE_NAME",
            "remember_token"), CART_COOKIE, shopper_currency.COOKIE)


def _cacheable_request() -> bool:
    if request.method != "GET" or request.endpoint not in ENDPOINTS:
        return False
    if any(name in request.cookies for name in _private_cookies(current_app)):
        return False
    return not current_user.is_authenticated


def _key() -> str | None:
    try:
        version = search_index().generation()
    except Exception:  # no index (yet): render normally rather than cache unversioned pages
        return None
    lang = current_lang()
    parts = (version, lang, shopper_currency.chosen(lang), request.url)
    return "page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def csrf_token() -> str:
    """The `csrf_token()` template global: a placeholder while rendering a cacheable page."""
    return PLACEHOLDER if g.get(_KEY) else generate_csrf()


def _with_token(body: bytes) -> bytes:
    return body.replace(PLACEHOLDER.encode(), generate_csrf().encode())


def init_app(app: Flask) -> None:
    if not enabled(app):  # NullCache (tests) or PAGE_CACHE_SECONDS=0
        return
    cache.init_app(app)
    app.jinja_env.globals["csrf_token"] = csrf_token  # Flask-WTF sets both, this wins
    app.context_processor(lambda: {"csrf_token": csrf_token})

    @app.before_request
    def serve_cached_page():
        if not _cacheable_request():
            return None
        key = _key()
        if key is None:
            return None
        try:
            hit = cache.get(key)
        except Exception:  # a cache outage (Redis) must not take the pages down
            log.exception("page cache read failed")
            return None
        if hit is None:
            g.setdefault(_KEY, key)
            return None
        body, content_type = hit
        response = Response(_with_token(body), status=200, content_type=content_type)
        response.headers["X-Page-Cache"] = "hit"
        response.vary.update(("Accept-Language", "Cookie"))
        return response

    @app.after_request
    def store_page(response: Response) -> Response:
        key = g.pop(_KEY, None)
        if key is None or response.direct_passthrough or response.is_streamed:
            return response
        body = response.get_data()
        if (response.status_code == 200 and response.mimetype == "text/html"
                and "Set-Cookie" not in response.headers
                and not session.modified and "_flashes" not in session):
            try:
                cache.set(key, (body, response.content_type),
                          timeout=current_app.config["PAGE_CACHE_SECONDS"])
            except Exception:
                log.exception("page cache write failed")
            response.headers["X-Page-Cache"] = "miss"
            response.vary.update(("Accept-Language", "Cookie"))
        if PLACEHOLDER.encode() in body:  # error pages rendered meanwhile hold it too
            response.set_data(_with_token(body))
        return response
