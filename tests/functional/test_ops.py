"""Health checks and request logs for operators."""
from __future__ import annotations

import json
import logging


def test_healthz_reports_the_database(client, app):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["checks"]["database"] == "ok"


def test_each_request_logs_one_json_line_with_its_id(client, app, caplog):
    logger = logging.getLogger("bazaar.requests")
    logger.propagate = True
    try:
        with caplog.at_level(logging.INFO, logger="bazaar.requests"):
            response = client.get("/regions", headers={"X-Request-Id": "probe-1234567"})
    finally:
        logger.propagate = False
    assert response.headers["X-Request-Id"] == "probe-1234567"
    line = json.loads(caplog.records[-1].getMessage())
    assert line["path"] == "/regions" and line["status"] == 200 and line["ms"] >= 0
    assert line["request_id"] == "probe-1234567"
