"""Vetted shops: a person applies to sell, the cooperative she applies under (or, for an
independent artisan, the platform) approves or turns her down with a reason.

Applying makes her shop at once (an `ArtisanProfile`, not yet approved), so she can prepare
listings while she waits; `catalog.listings.move` refuses to publish them until
`ArtisanProfile.approved_at` is set here. Approval under a cooperative also makes her an active
member of it. Turned down, she may correct her profile and apply again.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from marketplace.accounts import emails
from marketplace.catalog import certificates
from marketplace.core.errors import DomainError
from marketplace.core.images import StoredImage
from marketplace.models import (
    ApplicationStatus,
    ArtisanProfile,
    Certificate,
    Cooperative,
    Membership,
    MembershipStatus,
    Role,
    ShopApplication,
    ShopApplicationPhoto,
    User,
    Village,
)
from marketplace.models.base import utcnow

MAX_PHOTOS = 4
A = ApplicationStatus
# A pending application is approved or turned down, once; a new one follows a refusal.
TRANSITIONS: dict[ApplicationStatus, frozenset[ApplicationStatus]] = {
    A.PENDING: frozenset({A.APPROVED, A.REJECTED}),
    A.APPROVED: frozenset(),
    A.REJECTED: frozenset(),
}


class ApplicationError(DomainError):
    pass


class AlreadyApplied(ApplicationError):
    """She is approved already, or her application is still waiting."""


class InvalidApplicationMove(ApplicationError):
    pass


class OutsideCooperativeCountry(ApplicationError):
    """A cooperative takes artisans from its own country."""


class NeedsPhotos(ApplicationError):
    pass


@dataclass(frozen=True)
class ShopDetails:
    """What the applicant tells about herself; it becomes her shop's public profile."""

    display_name_fa: str
    display_name_en: str
    craft_fa: str
    craft_en: str
    story_fa: str
    story_en: str
    village: Village
    women_led: bool = False


def move(application: ShopApplication, to: ApplicationStatus) -> None:
    if to != application.status and to not in TRANSITIONS[application.status]:
        raise InvalidApplicationMove(f"{application.status} -> {to}")
    application.status = to


def latest(session: Session, artisan: ArtisanProfile) -> ShopApplication | None:
    return session.scalar(
        select(ShopApplication).where(ShopApplication.artisan_id == artisan.id)
        .order_by(ShopApplication.id.desc()).limit(1)
    )


def apply(session: Session, *, user: User, details: ShopDetails,
          cooperative: Cooperative | None, photos: list[StoredImage],
          licence: certificates.CertificateInput | None = None,
          licence_file: str | None = None) -> ShopApplication:
    """Make (or update) her shop from `details` and send the application to its deciders,
    with her licence, if she has one, as a certificate waiting to be verified."""
    if not photos or len(photos) > MAX_PHOTOS:
        raise NeedsPhotos(len(photos))
    if cooperative is not None and \
            cooperative.province.country_code != details.village.county.province.country_code:
        raise OutsideCooperativeCountry(cooperative.id)
    artisan = user.artisan_profile
    if artisan is not None:
        previous = latest(session, artisan)
        if artisan.approved or (previous is not None and previous.status == A.PENDING):
            raise AlreadyApplied(artisan.id)
    else:
        artisan = ArtisanProfile(user=user, slug=_free_slug(session, details, user))
        session.add(artisan)
    _describe(artisan, details)
    if user.role == Role.SHOPPER:
        user.role = Role.ARTISAN
    session.flush()
    application = ShopApplication(artisan=artisan, cooperative=cooperative, status=A.PENDING)
    if licence is not None:
        application.licence = certificates.upload(session, holder=artisan, data=licence,
                                                  evidence_file=licence_file, by=user)
    application.photos = [
        ShopApplicationPhoto(filename=p.filename, thumbnail=p.thumbnail, width=p.width,
                             height=p.height, position=n)
        for n, p in enumerate(photos)
    ]
    session.add(application)
    session.flush()
    return application


def _describe(artisan: ArtisanProfile, details: ShopDetails) -> None:
    artisan.display_name_fa = details.display_name_fa.strip()
    artisan.display_name_en = details.display_name_en.strip() or artisan.display_name_fa
    artisan.craft_fa, artisan.craft_en = details.craft_fa.strip(), details.craft_en.strip()
    artisan.story_fa, artisan.story_en = details.story_fa.strip(), details.story_en.strip()
    artisan.village = details.village
    artisan.women_led = details.women_led


def _free_slug(session: Session, details: ShopDetails, user: User) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", details.display_name_en.lower()).strip("-")[:60]
    base = base or f"artisan-{user.id}"
    taken = set(session.scalars(
        select(ArtisanProfile.slug).where(ArtisanProfile.slug.startswith(base))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def approve(session: Session, *, application: ShopApplication, by: User) -> ShopApplication:
    move(application, A.APPROVED)
    application.decided_by_id, application.decided_at = by.id, utcnow()
    application.artisan.approved_at = application.decided_at
    if application.cooperative is not None:
        _join(session, application.cooperative, application.artisan)
    emails.application_decided(session, application)
    session.flush()
    return application


def reject(session: Session, *, application: ShopApplication, by: User,
           reason: str) -> ShopApplication:
    move(application, A.REJECTED)
    application.decided_by_id, application.decided_at = by.id, utcnow()
    application.reason = reason.strip()
    emails.application_decided(session, application)
    session.flush()
    return application


def _join(session: Session, cooperative: Cooperative, artisan: ArtisanProfile) -> None:
    """Approved under a cooperative is a member of it."""
    membership = session.scalar(select(Membership).where(
        Membership.cooperative_id == cooperative.id, Membership.artisan_id == artisan.id))
    if membership is None:
        membership = Membership(cooperative=cooperative, artisan=artisan)
        session.add(membership)
    membership.status = MembershipStatus.ACTIVE


def waiting(session: Session, *, cooperative: Cooperative | None) -> list[ShopApplication]:
    """Pending applications under `cooperative`, or (None) those of independent artisans."""
    under = (ShopApplication.cooperative_id == cooperative.id if cooperative is not None
             else ShopApplication.cooperative_id.is_(None))
    return list(session.scalars(
        select(ShopApplication).where(under, ShopApplication.status == A.PENDING)
        .options(selectinload(ShopApplication.photos),
                 selectinload(ShopApplication.artisan).selectinload(ArtisanProfile.user),
                 selectinload(ShopApplication.licence))
        .order_by(ShopApplication.id)
    ))


def naming_licence(session: Session, certificate: Certificate) -> ShopApplication | None:
    """The pending application that sent this certificate as its licence, if any: its
    deciders may see the evidence (permissions.can_view_evidence)."""
    return session.scalar(select(ShopApplication).where(
        ShopApplication.licence_id == certificate.id, ShopApplication.status == A.PENDING))
