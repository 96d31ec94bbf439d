"""Errors look friendly, speak the visitor's language and leave nothing half-written."""
from __future__ import annotations

import logging

from werkzeug.routing import IntegerConverter, PathConverter

from marketplace.extensions import db
from marketplace.models import User
from tests import factories
from tests.conftest import set_language


def test_a_crash_shows_a_generic_page_logs_and_rolls_back(app, client, caplog):
    """S33: generic 500 in the visitor's language, error logged, no half-written data."""

    @app.get("/boom")
    def boom():
        factories.user(db.session, "half@example.com")  # flushed, never committed
        raise RuntimeError("disk on fire")

    with caplog.at_level(logging.ERROR):
        response = client.get("/boom")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert 'dir="rtl"' in html and "disk on fire" not in html and "Traceback" not in html
    assert "unhandled error on GET /boom" in caplog.text
    assert db.session.query(User).filter_by(email="half@example.com").count() == 0

    set_language(client, "en")
    assert "Something went wrong on our side" in client.get("/boom").get_data(as_text=True)


def test_wrong_method_and_bad_paths_get_friendly_pages(client, app):
    set_language(client, "en")
    response = client.delete("/")
    assert response.status_code == 405
    assert "That action is not allowed here." in response.get_data(as_text=True)


def test_api_paths_answer_errors_in_json(client, app):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == 404


def test_every_wrong_method_answer_says_which_methods_are_allowed(client, app):
    """A 405, on a page or in the API, names the methods the URL does take (RFC 9110 15.5.6)."""
    samples = {IntegerConverter: "1", PathConverter: "x/y"}
    wrong_methods = 0
    for rule in app.url_map.iter_rules():
        method = next(m for m in ("PUT", "DELETE", "PATCH") if m not in rule.methods)
        values = {name: min(getattr(converter, "items", ()), default=None)
                  or next((v for cls, v in samples.items() if isinstance(converter, cls)), "x")
                  for name, converter in rule._converters.items()}
        path = rule.build(values, append_unknown=False)[1]
        response = client.open(path, method=method)
        if response.status_code != 405:
            continue  # another rule takes this URL with that method
        wrong_methods += 1
        allowed = {m.strip() for m in response.headers.get("Allow", "").split(",")} - {""}
        assert allowed >= (rule.methods - {"OPTIONS", "HEAD"}), (path, method, allowed)
    assert wrong_methods > 50

    api = client.post("/api/v1/search")
    assert api.status_code == 405 and "GET" in api.headers["Allow"]
    assert api.get_json()["error"]["code"] == 405
