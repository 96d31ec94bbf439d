"""The JSON API keeps its OpenAPI promises: schemathesis fuzzes every operation, no 5xx."""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config import TestingConfig
from marketplace import create_app
from marketplace.extensions import db
from tests import factories


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory):
    """One app for the whole run (a small catalogue and its index, rate limits off)."""
    root = tmp_path_factory.mktemp("schemathesis")

    class Config(TestingConfig):
        INSTANCE_DIR = f"{root}/instance"
        UPLOAD_DIR = f"{root}/uploads"
        SEARCH_INDEX_DIR = f"{root}/index"
        RATELIMIT_ENABLED = False
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{root}/api.sqlite3"

    app = create_app(Config)
    with app.app_context():
        db.drop_all()
        db.create_all()
        factories.small_catalog(db.session, app.config["UPLOAD_DIR"])
        db.session.commit()
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def test_api_never_answers_5xx_and_matches_its_schema(api_schema):
    """S19: generated queries (junk, syntax, huge, control characters) never give a 5xx, and
    every answer matches the OpenAPI document (status, content type, body).

    Schemathesis's Python API drives Hypothesis directly (its pytest plugin predates pytest 9),
    50 examples per operation, through WSGI: no network.
    """
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert operations

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck),
                  database=None)
        def call(case):
            # Uncompressed: schemathesis's WSGI client reads the body as sent, and Flask-Compress
            # would answer its default Accept-Encoding with brotli.
            case.call_and_validate(headers={"Accept-Encoding": "identity"},
                                   checks=[not_a_server_error, status_code_conformance,
                                           content_type_conformance, response_schema_conformance])

        call()
