"""Certificates of origin: issued and signed when an order is delivered, checkable by anyone.

`issue_for_order` runs inside `ordering.deliver`, in the delivery's own transaction: an order
is never delivered without its certificates, and a certificate never exists for an order that
was not. The signed fields are copied at that moment (the title as bought, the place the piece
was made, the certifications the listing held), so later edits to the listing change nothing
and any change to the document breaks its signature (S49). docs/provenance.md describes the
format for people who verify offline.

The platform's key comes from `BAZAAR_PROVENANCE_KEY` or a key file (generated on first use
outside production); every public key that ever signed is kept in `signing_key` and published,
so rotating the key never invalidates an older certificate.
"""
from __future__ import annotations

import json
import os
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from marketplace.catalog import certificates
from marketplace.core import signing
from marketplace.models import (
    ArtisanProfile,
    CertificateType,
    Cooperative,
    Listing,
    Order,
    OrderEvent,
    OrderLine,
    OrderStatus,
    OriginCertificate,
    SigningKey,
)
from marketplace.models.base import utcnow

FORMAT = "bazaar-certificate-of-origin/1"
EXTENSION = "bazaar_provenance"
_NUMBER_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud, typed from a card


# The platform's key ------------------------------------------------------------------------


class KeyHolder:
    """Loads the signing key once per process: from the setting, else the key file (made on
    first use in development; production insists on a configured key, config.py)."""

    def __init__(self, *, key_text: str, key_file: str) -> None:
        self.key_text = key_text
        self.key_file = Path(key_file) if key_file else None
        self._signer: signing.Signer | None = None
        self._lock = threading.Lock()

    def signer(self) -> signing.Signer:
        with self._lock:
            if self._signer is None:
                self._signer = self._load()
            return self._signer

    def _load(self) -> signing.Signer:
        if self.key_text:
            return signing.signer_from_text(self.key_text)
        if self.key_file is None:
            raise signing.BadKey("no provenance key is configured")
        return load_or_create(self.key_file)

    def replace(self, signer: signing.Signer) -> None:
        with self._lock:
            self._signer = signer


def load_or_create(path: Path) -> signing.Signer:
    """The key in `path`, or a new one written there; two processes starting at once agree on
    one key (the file is linked into place only if none is there yet)."""
    if path.exists():
        return signing.signer_from_text(path.read_text(encoding="ascii"))
    candidate = signing.generate()
    partial = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    signing.write_key(partial, candidate)
    try:
        os.link(partial, path)
    except FileExistsError:
        pass
    finally:
        partial.unlink(missing_ok=True)
    return signing.signer_from_text(path.read_text(encoding="ascii"))


def init_app(app: Flask) -> None:
    key_file = app.config.get("PROVENANCE_KEY_FILE", "")
    if not key_file and app.config.get("ENVIRONMENT") != "production":
        key_file = str(Path(app.instance_path) / "provenance-key.pem")
    holder = KeyHolder(key_text=app.config.get("PROVENANCE_KEY", ""), key_file=key_file)
    app.extensions[EXTENSION] = holder
    if app.config.get("ENVIRONMENT") == "production":
        holder.signer()  # a key that cannot be read stops the start, not the first delivery


def signer(app: Flask | None = None) -> signing.Signer:
    return (app or current_app).extensions[EXTENSION].signer()


def register_key(session: Session, public_key: signing.PublicKey) -> None:
    """Publish a public key for good (INSERT … ON CONFLICT DO NOTHING: safe at once, twice)."""
    dialect = postgresql if session.connection().dialect.name == "postgresql" else sqlite
    session.execute(dialect.insert(SigningKey).values(
        key_id=public_key.key_id, algorithm=signing.ALGORITHM, public_key=public_key.text,
        created_at=utcnow(),
    ).on_conflict_do_nothing(index_elements=[SigningKey.key_id]))


def published_keys(session: Session, active: signing.PublicKey | None = None
                   ) -> dict[str, signing.PublicKey]:
    """Every key that verifies Bazaar's certificates, the one signing now included."""
    keys = {row.key_id: signing.PublicKey.from_text(row.public_key)
            for row in session.scalars(select(SigningKey).order_by(SigningKey.created_at))}
    if active is not None:
        keys.setdefault(active.key_id, active)
    return keys


def keys_document(session: Session, active: signing.PublicKey | None) -> dict:
    """What `/.well-known/bazaar-provenance-keys.json` publishes: public halves only."""
    rows = {row.key_id: row for row in session.scalars(select(SigningKey))}
    keys = {}
    for key_id, key in published_keys(session, active).items():
        row = rows.get(key_id)
        keys[key_id] = {"algorithm": signing.ALGORITHM, "public_key": key.text,
                        "active": active is not None and key_id == active.key_id,
                        "since": row.created_at.date().isoformat() if row else None}
    return {"issuer": "Bazaar", "format": FORMAT, "keys": keys}


def keys_from_document(document: object) -> dict[str, signing.PublicKey]:
    """The keys of a downloaded keys document, checked against their ids; ValueError if odd."""
    if not isinstance(document, dict) or not isinstance(document.get("keys"), dict):
        raise ValueError("not a keys document: it has no keys")
    keys = {}
    for key_id, entry in document["keys"].items():
        if not isinstance(entry, dict) or entry.get("algorithm") != signing.ALGORITHM:
            continue
        key = signing.PublicKey.from_text(str(entry.get("public_key", "")))
        if key.key_id != key_id:
            raise ValueError(f"key {key_id!r} is not the key its id names")
        keys[key_id] = key
    return keys


# Issuing --------------------------------------------------------------------------------------


def _new_number() -> str:
    def block(n: int) -> str:
        return "".join(secrets.choice(_NUMBER_ALPHABET) for _ in range(n))

    return f"BZ-{block(5)}-{block(5)}"


def _names(entity, field: str = "name") -> dict[str, str]:
    return {"fa": getattr(entity, f"{field}_fa"), "en": entity.localized(field, "en")}


def _verified_certifications(session: Session, listing: Listing) -> list[dict]:
    """The certificate types the piece shows at its sale: verified, unexpired certificates of
    the piece, its maker or its cooperative (`catalog.certificates`)."""
    shown = certificates.shown_types_by_listing(session, [listing.id], on=certificates.today())
    ids = [row.id for row in shown.get(listing.id, [])]
    types = session.scalars(select(CertificateType).where(CertificateType.id.in_(ids))
                            .order_by(CertificateType.slug)) if ids else []
    return [{"slug": kind.slug, "name": _names(kind)} for kind in types]


def _sold_on(session: Session, order: Order) -> str:
    paid = session.scalar(
        select(OrderEvent.created_at).where(OrderEvent.order_id == order.id,
                                            OrderEvent.to_status == OrderStatus.PAID)
        .order_by(OrderEvent.id).limit(1))
    return (paid or order.created_at).date().isoformat()


def certificate_fields(session: Session, line: OrderLine, *, number: str, sold_on: str,
                       issued_at: datetime) -> dict:
    """The fields a certificate signs: the piece as sold, its maker, where it was made."""
    listing = session.get(Listing, line.listing_id)
    artisan = session.get(ArtisanProfile, line.artisan_id)
    cooperative = session.get(Cooperative, line.cooperative_id) if line.cooperative_id else None
    village = listing.village
    county = village.county
    province = county.province
    return {
        "format": FORMAT,
        "number": number,
        "issued_at": issued_at.replace(microsecond=0).isoformat(),
        "sold_on": sold_on,
        "piece": {
            "listing_id": listing.id,
            "title": {"fa": line.title, "en": line.title_en or line.title},
            "quantity": line.quantity,
            "category": _names(listing.category),
            "photos": [image.filename for image in listing.images],
        },
        "artisan": {"slug": artisan.slug, "name": _names(artisan, "display_name")},
        "craft": _names(artisan, "craft"),
        "made_in": {
            "village": {"slug": village.slug, "name": _names(village)},
            "county": {"slug": county.slug, "name": _names(county)},
            "province": {"slug": province.slug, "name": _names(province)},
            "country": province.country_code,
        },
        "cooperative": ({"slug": cooperative.slug, "name": _names(cooperative)}
                        if cooperative else None),
        "certifications": _verified_certifications(session, listing),
    }


def issue_for_order(session: Session, order: Order, *, signer: signing.Signer
                    ) -> list[OriginCertificate]:
    """One signed certificate per line of a delivered order (again: the ones it already has)."""
    register_key(session, signer.public_key)
    existing = {c.order_line_id: c for c in session.scalars(
        select(OriginCertificate).where(
            OriginCertificate.order_line_id.in_([line.id for line in order.lines])))}
    issued_at = utcnow()
    sold_on = _sold_on(session, order)
    result = []
    for line in order.lines:
        certificate = existing.get(line.id)
        if certificate is None:
            number = _new_number()
            document = signer.sign(certificate_fields(
                session, line, number=number, sold_on=sold_on, issued_at=issued_at))
            certificate = OriginCertificate(
                number=number, order_line_id=line.id, listing_id=line.listing_id,
                artisan_id=line.artisan_id, key_id=signer.key_id,
                document=signing.canonical_json(document).decode("utf-8"), issued_at=issued_at)
            session.add(certificate)
        result.append(certificate)
    session.flush()
    return result


# Reading and checking -------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """`code`: valid, malformed, unknown_key, signature, not_certificate or unknown_number."""

    code: str
    reason: str
    fields: dict | None = None

    @property
    def valid(self) -> bool:
        return self.code == "valid"


def check(session: Session, document: object, *, active: signing.PublicKey | None = None
          ) -> Verdict:
    """Whether a certificate (as stored, or as someone downloaded and sent it) is genuine."""
    try:
        fields = signing.check(document, published_keys(session, active))
    except signing.Invalid as exc:
        return Verdict(exc.code, exc.reason)
    if fields.get("format") != FORMAT:
        return Verdict("not_certificate", "signed, but not a certificate of origin")
    stored = session.scalar(select(OriginCertificate)
                            .where(OriginCertificate.number == str(fields.get("number"))))
    if stored is None:
        return Verdict("unknown_number", "no certificate with this number was issued")
    return Verdict("valid", "the signature verifies with Bazaar's published key", fields)


def document_of(certificate: OriginCertificate) -> dict:
    return json.loads(certificate.document)


def by_number(session: Session, number: str) -> OriginCertificate | None:
    if not number or len(number) > 24:
        return None
    return session.scalar(select(OriginCertificate)
                          .where(OriginCertificate.number == number.strip().upper()))


def for_lines(session: Session, line_ids: list[int]) -> dict[int, OriginCertificate]:
    """order line id -> its certificate, for the order pages."""
    if not line_ids:
        return {}
    return {c.order_line_id: c for c in session.scalars(
        select(OriginCertificate).where(OriginCertificate.order_line_id.in_(line_ids)))}
