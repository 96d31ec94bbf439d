"""Artisans joining cooperatives: an admin invites and the artisan accepts, or the artisan asks
and an admin approves. Either way the membership ends up active."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.core.errors import DomainError
from marketplace.models import ArtisanProfile, Cooperative, Membership, MembershipStatus


class AlreadyMember(DomainError):
    pass


class WrongState(DomainError):
    pass


def _existing(session: Session, cooperative: Cooperative, artisan: ArtisanProfile
              ) -> Membership | None:
    return session.scalar(select(Membership).where(
        Membership.cooperative_id == cooperative.id, Membership.artisan_id == artisan.id))


def _open(session: Session, cooperative: Cooperative, artisan: ArtisanProfile,
          status: MembershipStatus) -> Membership:
    membership = _existing(session, cooperative, artisan)
    if membership is not None and membership.status != MembershipStatus.LEFT:
        raise AlreadyMember(artisan.id)
    if membership is None:
        membership = Membership(cooperative=cooperative, artisan=artisan)
        session.add(membership)
    membership.status = status
    session.flush()
    return membership


def invite(session: Session, *, cooperative: Cooperative, artisan: ArtisanProfile) -> Membership:
    return _open(session, cooperative, artisan, MembershipStatus.INVITED)


def request_to_join(session: Session, *, cooperative: Cooperative, artisan: ArtisanProfile
                    ) -> Membership:
    return _open(session, cooperative, artisan, MembershipStatus.PENDING)


def activate(session: Session, *, membership: Membership, expected: MembershipStatus
             ) -> Membership:
    """Accept an invitation (expected INVITED) or approve a request (expected PENDING)."""
    if membership.status != expected:
        raise WrongState(membership.status)
    membership.status = MembershipStatus.ACTIVE
    session.flush()
    return membership
