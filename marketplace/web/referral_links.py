"""`?ref=CODE` on any page: a foreign shareholder's ambassador link, remembered for checkout."""
from __future__ import annotations

from flask import Flask, request, session

from marketplace.commerce import referrals
from marketplace.cooperatives import shares
from marketplace.extensions import db


def register(app: Flask) -> None:
    @app.before_request
    def remember_referral() -> None:
        code = request.args.get("ref", "")
        if code and code.isalnum() and len(code) <= 16:
            holder = shares.by_referral_code(db.session, code)
            if holder is not None:
                session[referrals.SESSION_KEY] = holder.referral_code
