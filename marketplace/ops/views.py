"""`/healthz` for the load balancer: the database answers and the search index is readable."""
from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import func, select, text

from marketplace.extensions import db, limiter
from marketplace.models import SearchOutbox
from marketplace.search.indexer import search_index

bp = Blueprint("ops", __name__)


@bp.get("/healthz")
@limiter.exempt
def healthz():
    checks: dict[str, str] = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means unhealthy, reported not raised
        db.session.rollback()
        checks["database"] = f"error: {type(exc).__name__}"
    checks["search_index"] = "ok" if search_index().is_current() else "error: missing or outdated"
    healthy = all(value == "ok" for value in checks.values())
    body = {"status": "ok" if healthy else "error", "checks": checks}
    if checks["database"] == "ok":
        # Changes committed but not yet in the index: a growing number means a stuck indexer.
        body["search_outbox_pending"] = db.session.scalar(
            select(func.count()).select_from(SearchOutbox)
        )
    return jsonify(body), 200 if healthy else 503
