"""Whole-page cache for anonymous visitors, served in front of Flask as a CDN would (bench/README).

`PageCache` wraps the WSGI app. A GET of any URL is answered from the cache, without entering
Flask, when the visitor is anonymous in a way the page cannot show: no remember or cart cookie,
no `?ref=` code, and a session (if any) holding nothing but a CSRF token and a language choice.
The key holds the language and display currency such a visitor reads, the content encoding
their browser takes (brotli, gzip or none: each is stored compressed once, by Flask-Compress
as it renders), the URL and how far the node's search index has followed the outbox, which
moves on every catalogue change the index sees and is the same on every node at the same point
(so a Redis cache is shared); entries also expire after PAGE_CACHE_SECONDS.

Only the browse pages in `ENDPOINTS` are stored, and only 200 HTML answers that set no cookie.
They are rendered as for a first visit: without the visitor's cookies, in the variant's language
and currency, so nothing of one visitor's can reach the page another reads; and without a CSRF
token, because a token belongs to one visitor: static/js/csrf.js fetches one the first time a
form on the page is sent, and without JavaScript the error page offers to resend the few forms
these pages carry (`RESUBMITTABLE`).
"""
from __future__ import annotations

import functools
import hashlib
import logging
import time
from collections.abc import Callable, Iterable

from flask import Flask, g, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from werkzeug.datastructures import LanguageAccept
from werkzeug.exceptions import HTTPException
from werkzeug.http import parse_accept_header
from werkzeug.wrappers import Request

from marketplace.extensions import cache, db
from marketplace.search import cursor
from marketplace.search.indexer import search_index
from marketplace.web import request_log, shopper_currency
from marketplace.web.current_cart import COOKIE as CART_COOKIE
from marketplace.web.templating import current_lang

log = logging.getLogger(__name__)

ENDPOINTS = frozenset({
    "storefront.home", "storefront.listing", "storefront.regions", "storefront.province",
    "storefront.county", "catalog.search", "catalog.category", "catalog.region",
    "fairs.index", "fairs.archive", "fairs.fair", "fairs.booth",
})
# The forms on those pages: harmless enough to resend after a visitor confirms (error_pages).
RESUBMITTABLE = frozenset({"cart.add", "cart.currency", "accounts.language", "favourites.add"})
# What an anonymous visitor's session may hold and still read the shared page.
SHAREABLE_SESSION_KEYS = frozenset({"csrf_token", "lang"})

_SHARED = "bazaar.page_cache.shared"
_COUNTERS = "bazaar.page_cache.counters"
_VARIANT = "bazaar.page_cache.variant"
_STORE = "bazaar.page_cache.store"


def enabled(app: Flask) -> bool:
    return (app.config.get("CACHE_TYPE") or "NullCache").lower() not in {"nullcache", "null"} \
        and app.config.get("PAGE_CACHE_SECONDS", 0) > 0


def count_visits(app: Flask, endpoint: str, counter: Callable[[dict], None]) -> None:
    """Pages whose visits are counted (a fair's booth pages): their view counts the visits
    Flask renders, and the page cache calls `counter(view_args)` in an app context for each
    one it answers itself, which Flask never sees."""
    app.extensions.setdefault(_COUNTERS, {})[endpoint] = counter


def csrf_token() -> str:
    """The `csrf_token()` template global: empty while rendering a page others will share."""
    return "" if g.get("page_cache_render") else generate_csrf()


class PageCache:
    """The WSGI side: look the page up before Flask runs, store what Flask marked as shareable."""

    def __init__(self, app: Flask, wsgi_app: Callable) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self.store = app.extensions["cache"][cache]  # the cachelib backend, no app context needed
        self.seconds = app.config["PAGE_CACHE_SECONDS"]
        self.recheck = app.config.get("PAGE_CACHE_RECHECK_SECONDS", 1.0)
        self.languages = tuple(app.config["LANGUAGES"])
        self.default_language = app.config["BABEL_DEFAULT_LOCALE"]
        self.currencies = frozenset(app.config["DISPLAY_CURRENCIES"])
        self.encodings = tuple(app.config.get("COMPRESS_ALGORITHM") or ())
        self.accepted_encoding = functools.lru_cache(maxsize=256)(self._accepted_encoding)
        self.session_cookie = app.config["SESSION_COOKIE_NAME"]
        self.private_cookies = (app.config.get("REMEMBER_COOKIE_NAME", "remember_token"),
                                CART_COOKIE)
        self._version: str | None = None
        self._version_read = float("-inf")
        self.browser_language = functools.lru_cache(maxsize=512)(self._browser_language)

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") != "GET":
            return self.wsgi_app(environ, start_response)
        variant = self._variant(Request(environ))
        if variant is not None:
            variant = (*variant, self.accepted_encoding(environ.get("HTTP_ACCEPT_ENCODING", "")))
        key = self._key(environ, variant) if variant else None
        if key is None:
            return self.wsgi_app(environ, start_response)
        try:
            hit = self.store.get(key)
        except Exception:  # a cache outage (Redis) must not take the pages down
            log.exception("page cache read failed")
            return self.wsgi_app(environ, start_response)
        if hit is not None:
            self._count(hit[3], environ)
            return self._serve(hit, environ, start_response)
        if self._endpoint(environ) not in ENDPOINTS:
            return self.wsgi_app(environ, start_response)
        return self._render_and_store(self._first_visit(environ, variant), start_response, key)

    # Who may read the shared page, and which one --------------------------------------------

    def _variant(self, request: Request) -> tuple[str, str] | None:
        """(language, currency) of an anonymous visitor, or None for anyone the page could know."""
        cookies = request.cookies
        if any(name in cookies for name in self.private_cookies) or "ref" in request.args:
            return None
        session: dict = {}
        if self.session_cookie in cookies:
            session = self.app.session_interface.open_session(self.app, request) or {"?": 1}
            if not SHAREABLE_SESSION_KEYS.issuperset(session):
                return None
        lang = session.get("lang")
        if lang not in self.languages:
            lang = self.browser_language(request.headers.get("Accept-Language", ""))
        currency = cookies.get(shopper_currency.COOKIE, "")
        if currency not in self.currencies:
            currency = shopper_currency.default_for(lang)
        return lang, currency

    def _browser_language(self, header: str) -> str:
        accepted = parse_accept_header(header, LanguageAccept)
        return accepted.best_match(self.languages) or self.default_language

    def _accepted_encoding(self, header: str) -> str:
        """The first of our encodings the browser accepts (q > 0), or "" for none. Rendering
        asks Flask-Compress for exactly this one, so the stored body is in it."""
        accepted = set()
        for part in header.lower().split(","):
            name, _, params = part.partition(";")
            params = params.strip()
            try:
                quality = float(params[2:]) if params.startswith("q=") else 1.0
            except ValueError:
                continue
            if quality > 0:
                accepted.add(name.strip())
        return next((encoding for encoding in self.encodings if encoding in accepted), "")

    def _key(self, environ: dict, variant: tuple[str, str, str]) -> str | None:
        version = self._catalogue_version()
        if version is None:  # no index (yet): render normally rather than cache unversioned
            return None
        parts = (version, *variant, environ.get("wsgi.url_scheme", ""),
                 environ.get("HTTP_HOST", ""), environ.get("SCRIPT_NAME", ""),
                 environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""))
        digest = hashlib.blake2b("\n".join(parts).encode("latin-1", "replace"), digest_size=16)
        return "page:" + digest.hexdigest()

    def _catalogue_version(self) -> str | None:
        """What this node's search index has applied: its outbox cursor (search/cursor.py),
        equal on every node that has applied the same changes, so that with a shared cache
        (CACHE_TYPE=RedisCache) a page one node rendered serves them all, and moves on with
        every change the index takes. Read at most every PAGE_CACHE_RECHECK_SECONDS."""
        now = time.monotonic()
        if now - self._version_read >= self.recheck:
            try:
                with self.app.app_context():
                    position = cursor.load(db.session, search_index(self.app).node)
                self._version = position.signature() if position and position.position >= 0 \
                    else None
            except Exception:
                log.exception("reading the search cursor failed; pages are not cached")
                self._version = None
            self._version_read = now
        return self._version

    def _endpoint(self, environ: dict) -> str | None:
        try:
            endpoint, _ = self.app.url_map.bind_to_environ(environ).match()
        except HTTPException:  # 404, 405 or a redirect: nothing to store
            return None
        return endpoint

    def _first_visit(self, environ: dict, variant: tuple[str, str, str]) -> dict:
        """The request as a first-time visitor reading this variant would send it.

        The shared page is rendered without the visitor's session, so nothing of theirs can
        end up in it, and without touching their session, which Flask-Login would otherwise
        mark on every anonymous request, keeping the page from being stored.
        """
        lang, currency, encoding = variant
        shared = {**environ, "HTTP_ACCEPT_LANGUAGE": lang, "HTTP_ACCEPT_ENCODING": encoding,
                  _SHARED: True, _VARIANT: (lang, currency)}
        shared.pop("HTTP_COOKIE", None)
        if Request(environ).cookies.get(shopper_currency.COOKIE) == currency:
            shared["HTTP_COOKIE"] = f"{shopper_currency.COOKIE}={currency}"
        return shared

    # Serving and storing --------------------------------------------------------------------

    def _count(self, endpoint: str, environ: dict) -> None:
        counter = self.app.extensions.get(_COUNTERS, {}).get(endpoint)
        if counter is None:
            return
        try:
            _, args = self.app.url_map.bind_to_environ(environ).match()
            with self.app.app_context():
                counter(args)
        except Exception:  # a lost count must never cost the visitor the page
            log.exception("counting a visit to %s failed", endpoint)

    def _serve(self, hit: tuple, environ: dict, start_response: Callable) -> Iterable[bytes]:
        started = time.perf_counter()
        status, headers, body, endpoint = hit
        request_id = request_log.request_id(environ.get("HTTP_X_REQUEST_ID", ""))
        start_response(status, [*headers, ("Content-Length", str(len(body))),
                                ("X-Page-Cache", "hit"), ("X-Request-Id", request_id)])
        request_log.write(request_id=request_id, method="GET", path=environ.get("PATH_INFO", ""),
                          endpoint=endpoint, status=int(status[:3]), started=started, user=None)
        return [body]

    def _render_and_store(self, environ: dict, start_response: Callable,
                          key: str) -> Iterable[bytes]:
        captured: list = []
        forward = False

        def capture(status: str, headers: list, exc_info=None):
            if exc_info is not None or forward:
                return start_response(status, headers, exc_info)
            captured[:] = [status, headers]
            return _no_write

        app_iter = self.wsgi_app(environ, capture)
        if not captured:  # the app has not answered yet (not Flask's way): pass everything on
            forward = True
            return app_iter
        status, headers = captured
        endpoint = environ.get(_STORE)
        if endpoint is None or any(name.lower() == "set-cookie" for name, _ in headers):
            start_response(status, headers)
            return app_iter
        try:
            body = b"".join(app_iter)
        finally:
            if hasattr(app_iter, "close"):
                app_iter.close()
        headers = _with_vary(headers)
        shared = [(name, value) for name, value in headers
                  if name.lower() not in {"content-length", "x-request-id"}]
        try:
            self.store.set(key, (status, shared, body, endpoint), timeout=self.seconds)
        except Exception:
            log.exception("page cache write failed")
        start_response(status, [*headers, ("X-Page-Cache", "miss")])
        return [body]


def _with_vary(headers: list) -> list:
    """The headers, saying the page differs by language and by cookies (session, currency)."""
    vary = {"Accept-Language", "Cookie"}
    for name, value in headers:
        if name.lower() == "vary":
            vary.update(part.strip() for part in value.split(",") if part.strip())
    return [*(h for h in headers if h[0].lower() != "vary"), ("Vary", ", ".join(sorted(vary)))]


def _no_write(data: bytes) -> None:
    raise RuntimeError("the page cache does not support WSGI write()")


def init_app(app: Flask) -> None:
    if not enabled(app):  # NullCache (tests) or PAGE_CACHE_SECONDS=0
        return
    cache.init_app(app)
    app.jinja_env.globals["csrf_token"] = csrf_token  # Flask-WTF sets both, this wins
    app.context_processor(lambda: {"csrf_token": csrf_token})
    app.wsgi_app = PageCache(app, app.wsgi_app)

    @app.before_request
    def render_for_sharing() -> None:
        if _SHARED in request.environ and request.endpoint in ENDPOINTS:
            g.page_cache_render = True

    @app.after_request
    def mark_shareable(response):
        """Tell PageCache to store this answer: still anonymous, as keyed, nothing personal."""
        if (g.get("page_cache_render") and response.status_code == 200
                and response.mimetype == "text/html" and not response.is_streamed
                and not current_user.is_authenticated
                and not _session_touched()
                and request.environ[_VARIANT] == (current_lang(),
                                                  shopper_currency.chosen(current_lang()))):
            request.environ[_STORE] = request.endpoint
        return response


def _session_touched() -> bool:
    return session.modified or "_flashes" in session
