"""Friendly error pages in the visitor's language; JSON for the API. Never a raw traceback."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from marketplace.extensions import db
from marketplace.search.index import IndexCorrupt
from marketplace.search.indexer import REBUILD_RETRY_AFTER_SECONDS
from marketplace.web import page_cache


def _messages() -> dict[int, str]:
    return {
        400: _("The request could not be understood. Please check what you entered and try again."),
        403: _("You do not have access to this page."),
        404: _("We could not find that page. It may have moved, or the item is no longer sold."),
        405: _("That action is not allowed here."),
        413: _("The file is too large."),
        429: _("Too many attempts. Please wait a minute and try again."),
        500: _("Something went wrong on our side. Nothing was charged; please try again."),
    }


def _respond(code: int, message: str, headers: list[tuple[str, str]] | None = None):
    if request.path.startswith("/api/"):
        return jsonify(error={"code": code, "message": message}), code, headers or []
    return render_template("errors/error.html", code=code, message=message), code, headers or []


def _protocol_headers(error: HTTPException) -> list[tuple[str, str]]:
    """What the error says besides its page: `Allow` on a 405, `Retry-After` on a 503, ..."""
    return [(name, value) for name, value in error.get_headers()
            if name.lower() != "content-type"]


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        if request.endpoint in page_cache.RESUBMITTABLE and not request.form.get("csrf_token"):
            # A cached page's form sent without JavaScript, so without a token: ask, then resend.
            fields = [(k, v) for k, v in request.form.items(multi=True) if k != "csrf_token"]
            return render_template("errors/resend.html", fields=fields), 400
        return _respond(400, _("Your form expired or was sent from elsewhere. Please try again."))

    @app.errorhandler(IndexCorrupt)
    def search_being_rebuilt(error: IndexCorrupt):
        # A rebuild from the database has been started; come back when it is likely done (S41).
        app.logger.warning("search unavailable on %s: %s", request.path, error)
        return _respond(
            503,
            _("Search is being repaired and will be back in a minute. Please try again shortly."),
            [("Retry-After", str(REBUILD_RETRY_AFTER_SECONDS))],
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        message = _messages().get(code, error.description or "")
        if code == 429 and request.endpoint == "accounts.login":
            # The per-account ceiling lasts up to an hour; the owner has two ways past it (S40).
            message = _("Too many attempts to sign in to this account. Please try again later, "
                        "sign in from a device you have used before, or reset your password.")
        return _respond(code, message, _protocol_headers(error))

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        db.session.rollback()
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        return _respond(500, _messages()[500])

    app.register_error_handler(InternalServerError, unexpected_error)
