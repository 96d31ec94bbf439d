"""One fresh app and database per test; SQLite in memory, or PostgreSQL via TEST_DATABASE_URL."""
from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from config import TestingConfig
from marketplace import create_app
from marketplace.extensions import db, limiter
from tests import factories

POSTGRES = TestingConfig.SQLALCHEMY_DATABASE_URI.startswith("postgresql")


class RequestPerContextClient(FlaskClient):
    """Each request gets its own app context (fresh `g`, own db session), as in production.

    Tests keep an app context open for their own queries; without this, requests would reuse
    it and share `g` and the session with the test and with each other.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.expire_all()
        return response


def testing_config(tmp_path, database_uri: str | None = None) -> type[TestingConfig]:
    class Config(TestingConfig):
        INSTANCE_DIR = str(tmp_path / "instance")
        UPLOAD_DIR = str(tmp_path / "uploads")
        EVIDENCE_DIR = str(tmp_path / "evidence")
        SEARCH_INDEX_DIR = str(tmp_path / "index")
        SQLALCHEMY_DATABASE_URI = database_uri or TestingConfig.SQLALCHEMY_DATABASE_URI

    return Config


@pytest.fixture
def app(request, tmp_path) -> Iterator[Flask]:
    database_uri = None
    if request.node.get_closest_marker("shared_database") and not POSTGRES:
        # Other threads must reach the same data: a file, not a private in-memory database.
        database_uri = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    app = create_app(testing_config(tmp_path, database_uri))
    app.test_client_class = RequestPerContextClient
    with app.app_context():
        db.drop_all()
        db.create_all()
        limiter.reset()
        yield app
        db.session.remove()
        db.drop_all()
        # Each test's app has its own engine and pool: close them, or PostgreSQL runs out of
        # connection slots a few hundred tests in.
        for engine in db.engines.values():
            engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def catalog(app: Flask) -> factories.DemoCatalog:
    """A small catalogue: two artisans in two villages, one cooperative, a few listings."""
    return factories.small_catalog(db.session, app.config["UPLOAD_DIR"])


def csrf_token(client: FlaskClient, path: str = "/account/login") -> str:
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def login(client: FlaskClient, email: str, password: str = factories.PASSWORD):
    return client.post(
        "/account/login",
        data={"email": email, "password": password, "csrf_token": csrf_token(client)},
    )


def set_language(client: FlaskClient, lang: str) -> None:
    token = csrf_token(client, "/")
    client.post("/account/language", data={"lang": lang, "next": "/", "csrf_token": token})


# Checkout and payments: a real localstripe, and the app wired to it.
from tests.localstripe_fixture import WEBHOOK_SECRET, stripe_server  # noqa: E402,F401


@pytest.fixture
def stripe_app(app: Flask, stripe_server):  # noqa: F811 (the imported fixture)
    """The app's payment provider pointed at the test localstripe."""
    from marketplace.commerce.payments.stripe import StripeProvider

    app.extensions["payment_provider"] = StripeProvider(
        secret_key="sk_test_bazaar", webhook_secret=WEBHOOK_SECRET, api_base=stripe_server.url
    )
    return app


@pytest.fixture
def shop(app: Flask, catalog: factories.DemoCatalog) -> factories.Shop:
    """The small catalogue plus two shoppers and exchange rates, as checkout tests need."""
    return factories.shop(db.session, catalog)
