"""Browser-side protections on every response (S16)."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response

# Stripe's documented CSP for Stripe.js (docs.stripe.com/security/guide#content-security-policy).
STRIPE_JS_ORIGIN = "https://js.stripe.com"


def content_security_policy(stripe_js_url: str | None) -> str:
    script_src = ["'self'"]
    frame_src = ["'none'"]
    connect_src = ["'self'"]
    if stripe_js_url:
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(stripe_js_url))
        script_src.append(origin)
        frame_src = [origin]
        connect_src.append(origin)
        if origin == STRIPE_JS_ORIGIN:  # the real Stripe.js also calls its API and 3-D Secure
            frame_src.append("https://hooks.stripe.com")
            connect_src.append("https://api.stripe.com")
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {' '.join(script_src)}",
            "style-src 'self'",
            "img-src 'self' data:",
            f"frame-src {' '.join(frame_src)}",
            f"connect-src {' '.join(connect_src)}",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def register(app: Flask) -> None:
    policy = content_security_policy(app.config.get("STRIPE_JS_URL"))
    hsts = app.config.get("SESSION_COOKIE_SECURE", False)

    @app.after_request
    def add_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        response.headers["X-Frame-Options"] = "DENY"
        if hsts:
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        return response
