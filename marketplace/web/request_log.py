"""One JSON line per request, with an id that is also returned to the client (X-Request-Id)."""
from __future__ import annotations

import json
import logging
import re
import secrets
import time

from flask import Flask, Response, g, request
from flask_login import current_user

logger = logging.getLogger("bazaar.requests")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def _loggable_path() -> str:
    """The path, except that secrets in it (reset and sign-up tokens) become their rule name."""
    if request.url_rule is not None and "token" in (request.view_args or {}):
        return request.url_rule.rule
    return request.path


def register(app: Flask) -> None:
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False

    @app.before_request
    def start_timer() -> None:
        g.request_id = request_id(request.headers.get("X-Request-Id", ""))
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response: Response) -> Response:
        started = g.get("request_started")
        if started is None or request.endpoint == "static":
            return response
        response.headers["X-Request-Id"] = g.request_id
        user = current_user.get_id().split(":")[0] if current_user.is_authenticated else None
        write(request_id=g.request_id, method=request.method, path=_loggable_path(),
              endpoint=request.endpoint, status=response.status_code, started=started, user=user)
        return response


def request_id(incoming: str) -> str:
    """The caller's id when it looks like one (a proxy's), else a new one."""
    return incoming if _REQUEST_ID.match(incoming) else secrets.token_hex(8)


def write(*, request_id: str, method: str, path: str, endpoint: str | None, status: int,
          started: float, user: str | None) -> None:
    """The log line, also written by the page cache for the pages it serves without Flask."""
    logger.info(json.dumps({
        "request_id": request_id,
        "method": method,
        "path": path,
        "endpoint": endpoint,
        "status": status,
        "ms": round((time.perf_counter() - started) * 1000, 1),
        "user": user,
    }))
