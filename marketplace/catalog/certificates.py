"""Certificates that can be checked: the type registry, a holder's upload, the verifiers'
decisions, expiry by date, and which certificates a listing shows.

The badge rule (`Certificate.shown_on`): a certificate shows, on pages and in the search facet,
only while it is verified and not past its expiry date. A listing shows its own certificates,
its artisan's and, when it is sold under a cooperative, the cooperative's.

Every change to a certificate reaches the search index through the outbox: the flush hook in
`search.indexer` names the listings it badges (`listings_badged_by`). Expiry is by date, which
no write announces, so the job runner calls `expire_lapsed` each day and the move to EXPIRED
reindexes those listings; `remind_expiring` emails holders 30 days before.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import Row, Select, or_, select, union
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, joinedload

from marketplace.catalog import emails
from marketplace.core import images, uploads
from marketplace.core.errors import DomainError
from marketplace.models import (
    ArtisanProfile,
    Certificate,
    CertificateStatus,
    CertificateType,
    Cooperative,
    HolderKind,
    Listing,
    Membership,
    MembershipStatus,
    User,
)
from marketplace.models.base import utcnow

REMIND_DAYS_BEFORE = 30
C = CertificateStatus
# A holder uploads (PENDING); a verifier accepts or turns it down; a verified certificate
# expires by date. Nothing comes back from REJECTED or EXPIRED: a renewal is a new upload.
TRANSITIONS: dict[CertificateStatus, frozenset[CertificateStatus]] = {
    C.PENDING: frozenset({C.VERIFIED, C.REJECTED}),
    C.VERIFIED: frozenset({C.EXPIRED}),
    C.REJECTED: frozenset(),
    C.EXPIRED: frozenset(),
}


class CertificateError(DomainError):
    pass


class InvalidCertificateMove(CertificateError):
    def __init__(self, certificate: Certificate, to: CertificateStatus) -> None:
        super().__init__(f"certificate {certificate.id}: {certificate.status} -> {to}")


class NotForThisHolder(CertificateError):
    """The type is not one this kind of holder can have (an OCOP star for a person)."""


class AlreadyExpired(CertificateError):
    """Its expiry date has passed: there is nothing left to verify."""


class DuplicateSlug(CertificateError):
    pass


def today() -> date:
    """The date certificates are judged by: UTC, the same for every server and job."""
    return utcnow().date()


def move(certificate: Certificate, to: CertificateStatus) -> None:
    """The one place a certificate's status changes."""
    if to != certificate.status and to not in TRANSITIONS[certificate.status]:
        raise InvalidCertificateMove(certificate, to)
    certificate.status = to


# The registry ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TypeInput:
    slug: str
    name_fa: str
    name_en: str
    for_artisans: bool = False
    for_cooperatives: bool = False
    for_listings: bool = False
    cooperatives_verify: bool = False


def save_type(session: Session, *, data: TypeInput,
              existing: CertificateType | None = None) -> CertificateType:
    """Add a type to the registry, or change one (its slug stays: links use it)."""
    kind = existing or CertificateType(slug=data.slug.strip().lower())
    if existing is None and session.scalar(
            select(CertificateType.id).where(CertificateType.slug == kind.slug)):
        raise DuplicateSlug(kind.slug)
    kind.name_fa, kind.name_en = data.name_fa.strip(), data.name_en.strip()
    kind.for_artisans, kind.for_cooperatives = data.for_artisans, data.for_cooperatives
    kind.for_listings, kind.cooperatives_verify = data.for_listings, data.cooperatives_verify
    session.add(kind)
    session.flush()
    return kind


def types(session: Session) -> list[CertificateType]:
    return list(session.scalars(select(CertificateType).order_by(CertificateType.id)))


def types_for(session: Session, *kinds: HolderKind) -> list[CertificateType]:
    """The types at least one of these holder kinds can have."""
    return [t for t in types(session) if any(t.holds(kind) for kind in kinds)]


# Uploads and decisions ----------------------------------------------------------------------


@dataclass(frozen=True)
class CertificateInput:
    type: CertificateType
    issuer: str
    number: str
    issued_on: date
    expires_on: date | None


def store_evidence(stream: BinaryIO, folder: str | Path, *, max_bytes: int, max_pixels: int,
                   max_decoded_bytes: int, slots: images.WorkSlots | None = None) -> str:
    """Keep an evidence file in the private `folder`: a PDF as it came (never opened), a photo
    re-encoded as listing photos are. ImageRejected / UploadRejected (and their TooLarge) for
    anything else."""
    head = stream.read(len(uploads.PDF_MAGIC))
    stream.seek(0)
    if uploads.looks_like_pdf(head):
        return uploads.store_pdf(stream, folder, max_bytes=max_bytes)
    stored = images.store_image(stream, folder, max_bytes=max_bytes, max_pixels=max_pixels,
                                max_decoded_bytes=max_decoded_bytes, slots=slots)
    images.delete_stored(folder, stored.thumbnail)  # a verifier opens the whole scan
    return stored.filename


def upload(session: Session, *, holder: ArtisanProfile | Cooperative | Listing,
           data: CertificateInput, evidence_file: str | None, by: User) -> Certificate:
    """A holder's certificate, waiting for a verifier."""
    kind = _holder_kind(holder)
    if not data.type.holds(kind):
        raise NotForThisHolder(data.type.slug, kind)
    if data.expires_on is not None and data.expires_on < data.issued_on:
        raise ValueError("expires before it was issued")
    certificate = Certificate(
        type=data.type, issuer=data.issuer.strip(), number=data.number.strip(),
        issued_on=data.issued_on, expires_on=data.expires_on, evidence_file=evidence_file,
        status=C.PENDING, uploaded_by_id=by.id, **{f"{kind.value}_id": holder.id},
    )
    session.add(certificate)
    session.flush()
    return certificate


def _holder_kind(holder: ArtisanProfile | Cooperative | Listing) -> HolderKind:
    if isinstance(holder, Listing):
        return HolderKind.LISTING
    if isinstance(holder, Cooperative):
        return HolderKind.COOPERATIVE
    return HolderKind.ARTISAN


def verify(session: Session, *, certificate: Certificate, by: User, on: date) -> Certificate:
    if certificate.expires_on is not None and certificate.expires_on < on:
        raise AlreadyExpired(certificate.id)
    move(certificate, C.VERIFIED)
    certificate.decided_by_id, certificate.decided_at = by.id, utcnow()
    emails.certificate_decided(session, certificate, recipients(certificate))
    session.flush()
    return certificate


def reject(session: Session, *, certificate: Certificate, by: User, reason: str) -> Certificate:
    move(certificate, C.REJECTED)
    certificate.decided_by_id, certificate.decided_at = by.id, utcnow()
    certificate.rejection_reason = reason.strip()
    emails.certificate_decided(session, certificate, recipients(certificate))
    session.flush()
    return certificate


def expire_lapsed(session: Session, *, on: date) -> int:
    """Move every verified certificate past its expiry date to EXPIRED (which reindexes the
    listings it badged); how many."""
    lapsed = session.scalars(select(Certificate).where(Certificate.lapsed_on(on))).all()
    for certificate in lapsed:
        move(certificate, C.EXPIRED)
    session.flush()
    return len(lapsed)


def remind_expiring(session: Session, *, on: date, days: int = REMIND_DAYS_BEFORE) -> int:
    """Email the holders of verified certificates that expire within `days`, once each."""
    due = session.scalars(
        select(Certificate).where(Certificate.shown_on(on),
                                  Certificate.expires_on <= on + timedelta(days=days),
                                  Certificate.reminded_at.is_(None))
        .options(joinedload(Certificate.type))
    ).all()
    for certificate in due:
        emails.certificate_expires_soon(session, certificate, recipients(certificate))
        certificate.reminded_at = utcnow()
    session.flush()
    return len(due)


def recipients(certificate: Certificate) -> list[User]:
    """Who holds it: the artisan (hers or her listing's), or the cooperative's admins."""
    if certificate.cooperative is not None:
        return list(certificate.cooperative.admins)
    artisan = certificate.artisan or certificate.listing.artisan
    return [artisan.user]


# What pages show -------------------------------------------------------------------------------


def holder_name(certificate: Certificate, lang: str) -> str:
    """Who a certificate belongs to, as its pages name it."""
    if certificate.listing is not None:
        return certificate.listing.text(lang).title
    if certificate.cooperative is not None:
        return certificate.cooperative.localized("name", lang)
    return certificate.artisan.localized("display_name", lang)


def badges(session: Session, listing: Listing, *, on: date) -> list[Certificate]:
    """The certificates `listing` shows: its own, its artisan's, its cooperative's."""
    holders = [Certificate.listing_id == listing.id, Certificate.artisan_id == listing.artisan_id]
    if listing.cooperative_id is not None:
        holders.append(Certificate.cooperative_id == listing.cooperative_id)
    return list(session.scalars(
        select(Certificate).where(Certificate.shown_on(on), or_(*holders))
        .options(joinedload(Certificate.type)).order_by(Certificate.type_id, Certificate.id)
    ))


def badges_of(session: Session, *, on: date, artisan: ArtisanProfile | None = None,
              cooperative: Cooperative | None = None) -> list[Certificate]:
    """The certificates an artisan's or a cooperative's own page shows."""
    holder = (Certificate.artisan_id == artisan.id if artisan is not None
              else Certificate.cooperative_id == cooperative.id)
    return list(session.scalars(
        select(Certificate).where(Certificate.shown_on(on), holder)
        .options(joinedload(Certificate.type)).order_by(Certificate.type_id, Certificate.id)
    ))


def public(session: Session, certificate_id: int) -> Certificate | None:
    """A certificate's public page exists once it was verified (and stays, saying so, when it
    has expired); pending and rejected ones have none."""
    return session.scalar(
        select(Certificate).where(Certificate.id == certificate_id,
                                  Certificate.status.in_([C.VERIFIED, C.EXPIRED]))
        .options(joinedload(Certificate.type))
    )


def of_artisan(session: Session, artisan: ArtisanProfile) -> list[Certificate]:
    """Everything an artisan uploaded, for herself or her listings, newest first."""
    own_listings = select(Listing.id).where(Listing.artisan_id == artisan.id)
    return list(session.scalars(
        select(Certificate)
        .where(or_(Certificate.artisan_id == artisan.id,
                   Certificate.listing_id.in_(own_listings)))
        .options(joinedload(Certificate.type)).order_by(Certificate.id.desc())
    ))


def of_cooperative(session: Session, cooperative: Cooperative) -> list[Certificate]:
    return list(session.scalars(
        select(Certificate).where(Certificate.cooperative_id == cooperative.id)
        .options(joinedload(Certificate.type)).order_by(Certificate.id.desc())
    ))


def waiting_for_platform(session: Session) -> list[Certificate]:
    return list(session.scalars(
        select(Certificate).where(Certificate.status == C.PENDING)
        .options(joinedload(Certificate.type)).order_by(Certificate.id)
    ))


def waiting_for_cooperative(session: Session, cooperative: Cooperative) -> list[Certificate]:
    """Pending certificates of the types the platform delegates, held by the cooperative's
    active members or their listings: what its admins may verify (permissions)."""
    members = select(Membership.artisan_id).where(
        Membership.cooperative_id == cooperative.id,
        Membership.status == MembershipStatus.ACTIVE)
    members_listings = select(Listing.id).where(Listing.artisan_id.in_(members))
    return list(session.scalars(
        select(Certificate).join(CertificateType)
        .where(Certificate.status == C.PENDING, CertificateType.cooperatives_verify,
               or_(Certificate.artisan_id.in_(members),
                   Certificate.listing_id.in_(members_listings)))
        .options(joinedload(Certificate.type)).order_by(Certificate.id)
    ))


# What the search index needs -------------------------------------------------------------------


def shown_types_by_listing(session: Session, listing_ids: list[int], *, on: date
                           ) -> dict[int, list[Row]]:
    """For each listing, the types (id, name_fa, name_en) of the certificates it shows, as
    Core rows: the index reads thousands of listings at a time."""
    badge = (select(Listing.id.label("listing_id"), Certificate.type_id)
             .where(Listing.id.in_(listing_ids), Certificate.shown_on(on)))
    held = union(
        badge.join(Certificate, Certificate.listing_id == Listing.id),
        badge.join(Certificate, Certificate.artisan_id == Listing.artisan_id),
        badge.join(Certificate, Certificate.cooperative_id == Listing.cooperative_id),
    ).subquery()
    out: defaultdict[int, list[Row]] = defaultdict(list)
    for row in session.execute(
        select(held.c.listing_id, CertificateType.id, CertificateType.name_fa,
               CertificateType.name_en)
        .join(CertificateType, CertificateType.id == held.c.type_id)
        .order_by(held.c.listing_id, CertificateType.id)
    ):
        out[row.listing_id].append(row)
    return out


def _badged_listings(*, artisan_ids: Select | list, cooperative_ids: Select | list,
                     listing_ids: Select | list) -> Select:
    return select(Listing.id).where(or_(Listing.id.in_(listing_ids),
                                        Listing.artisan_id.in_(artisan_ids),
                                        Listing.cooperative_id.in_(cooperative_ids)))


def listings_badged_by(connection: Connection, certificate: Certificate) -> set[int]:
    """The listings whose badges and facet values this certificate takes part in."""
    def one(value: int | None) -> list[int]:
        return [value] if value is not None else []

    return set(connection.scalars(_badged_listings(
        artisan_ids=one(certificate.artisan_id), cooperative_ids=one(certificate.cooperative_id),
        listing_ids=one(certificate.listing_id))))


def listings_badged_by_type(connection: Connection, type_id: int) -> set[int]:
    def holders(column) -> Select:
        return select(column).where(Certificate.type_id == type_id, column.is_not(None))

    return set(connection.scalars(_badged_listings(
        artisan_ids=holders(Certificate.artisan_id),
        cooperative_ids=holders(Certificate.cooperative_id),
        listing_ids=holders(Certificate.listing_id))))
