"""`/healthz` for the load balancer: the database answers and the search index is readable."""
from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import func, select, text

from marketplace.extensions import db, limiter
from marketplace.models import SearchOutbox
from marketplace.search.index import IndexCorrupt
from marketplace.search.indexer import repair_in_background, search_index

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
    checks["search_index"] = _search_index_check()
    healthy = all(value == "ok" for value in checks.values())
    body = {"status": "ok" if healthy else "error", "checks": checks}
    if checks["database"] == "ok":
        # Changes committed but not yet in the index: a growing number means a stuck indexer.
        body["search_outbox_pending"] = db.session.scalar(
            select(func.count()).select_from(SearchOutbox)
        )
    return jsonify(body), 200 if healthy else 503


def _search_index_check() -> str:
    """"ok", or why the index cannot be read (no paths: anyone may ask); a damaged one starts
    being rebuilt (S41)."""
    index = search_index()
    problem = index.problem()
    if problem is None:
        return "ok"
    if not isinstance(problem, IndexCorrupt):
        return "error: missing or outdated"
    repair_in_background(index, db.engine)
    rebuilding = "; rebuilding from the database" if index.repair_slot.locked() else ""
    return f"error: corrupt, {problem.damage}{rebuilding}"
