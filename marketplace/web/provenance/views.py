"""Certificates of origin, public: the card (with its QR code), its signed JSON, a check for a
copy someone holds, and the public keys at a stable address.

Nothing here is personal: a certificate names the piece, its maker and where it was made, never
the buyer. The page re-checks the stored signature every time it is shown.
"""
from __future__ import annotations

import json
from datetime import date

import segno
from flask import Blueprint, Response, abort, current_app, jsonify, render_template, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from marketplace.extensions import db, limiter
from marketplace.insights import provenance
from marketplace.web.provenance.forms import VerifyForm

bp = Blueprint("provenance", __name__)

KEYS_PATH = "/.well-known/bazaar-provenance-keys.json"


def _active_key():
    return provenance.signer(current_app).public_key


def qr_svg(url: str) -> Markup:
    """The page's address as a QR code, inline SVG (segno writes only paths, no text)."""
    code = segno.make(url, error="m")
    return Markup(code.svg_inline(scale=4, border=2, dark="#2b2118", omitsize=True,  # noqa: S704
                                  title=None))


@bp.get(KEYS_PATH)
def keys():
    """Every public key that ever signed a certificate, by key id; old ones stay for good."""
    response = jsonify(provenance.keys_document(db.session, _active_key()))
    response.headers["Cache-Control"] = "public, max-age=300"
    response.headers["Access-Control-Allow-Origin"] = "*"  # public keys: anyone may fetch them
    return response


def verdict_text(verdict: provenance.Verdict) -> str:
    return {
        "valid": _("Genuine: the signature verifies with Bazaar's published key, so every "
                   "detail below is as Bazaar issued it."),
        "malformed": _("Not a certificate of origin from Bazaar: the file is not one we "
                       "issue, or it is damaged."),
        "unknown_key": _("Refused: it claims a signing key that Bazaar never published."),
        "signature": _("Refused: the signature does not match. A detail was changed after "
                       "Bazaar signed it, or Bazaar never signed it."),
        "not_certificate": _("Refused: this is signed, but it is not a certificate of origin."),
        "unknown_number": _("Refused: Bazaar issued no certificate with this number."),
    }[verdict.code]


def sold_on(fields: dict | None) -> date | None:
    try:
        return date.fromisoformat(str((fields or {}).get("sold_on")))
    except ValueError:
        return None


def _certificate(number: str):
    return provenance.by_number(db.session, number) or abort(404)


@bp.get("/provenance/<number>")
def certificate(number: str):
    stored = _certificate(number)
    document = provenance.document_of(stored)
    verdict = provenance.check(db.session, document, active=_active_key())
    page_url = url_for("provenance.certificate", number=stored.number, _external=True)
    return render_template(
        "provenance/certificate.html", certificate=stored, fields=document["signed"],
        document=document, verdict=verdict, verdict_message=verdict_text(verdict),
        sold_on=sold_on(document["signed"]),
        qr=qr_svg(page_url), page_url=page_url,
        keys_url=url_for("provenance.keys", _external=True),
    )


@bp.get("/provenance/<number>.json")
def certificate_json(number: str):
    stored = _certificate(number)
    body = json.dumps(provenance.document_of(stored), ensure_ascii=False, indent=2)
    return Response(body + "\n", mimetype="application/json", headers={
        "Content-Disposition": f"attachment; filename=bazaar-certificate-{stored.number}.json"})


@bp.route("/provenance/verify", methods=["GET", "POST"])
@limiter.limit("30 per minute", methods=["POST"])
def verify():
    """Anyone checks a certificate they were given (pasted or uploaded as JSON)."""
    form = VerifyForm()
    if not form.validate_on_submit():
        status = 400 if form.errors else 200
        return render_template("provenance/verify.html", form=form, verdict=None), status
    text = form.text()
    if text is None:
        form.document.errors = [_("Paste the certificate's JSON or choose its file (at most "
                                  "64 kB).")]
        return render_template("provenance/verify.html", form=form, verdict=None), 400
    try:
        document = json.loads(text)
    except ValueError:
        verdict = provenance.Verdict("malformed", "not JSON: this is not a downloaded certificate")
    else:
        verdict = provenance.check(db.session, document, active=_active_key())
    return render_template("provenance/verify.html", form=form, verdict=verdict,
                           verdict_message=verdict_text(verdict), fields=verdict.fields,
                           sold_on=sold_on(verdict.fields)), 200 if verdict.valid else 422
