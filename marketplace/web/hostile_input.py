"""What no honest request carries is refused before any view sees it (S39).

- An id in a URL that no id column can hold (past 2**31 - 1: ids are INTEGER, 32 bits on
  PostgreSQL) names nothing: 404, instead of an "integer out of range" deep in the driver.
- A NUL character is never part of text a person types, and PostgreSQL refuses to store one: a
  request with NUL in its path, query or form gets 400, on every database alike.
"""
from __future__ import annotations

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


class DatabaseIdConverter(IntegerConverter):
    """`<int:...>` for ids: 0 .. MAX_ID, anything larger does not match (404)."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None,  # noqa: A002
                 max: int | None = MAX_ID, signed: bool = False) -> None:  # noqa: A002
        super().__init__(map, fixed_digits, min, max, signed)


def _has_nul() -> bool:
    if "\x00" in request.path:
        return True
    if any("\x00" in value for value in request.args.values()):
        return True
    return request.method == "POST" and any(
        "\x00" in value for value in request.form.values())


def register(app: Flask) -> None:
    app.url_map.converters["int"] = DatabaseIdConverter

    @app.before_request
    def refuse_nul():
        if _has_nul():
            abort(400)
