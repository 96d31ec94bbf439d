"""Women-led shops: the artisan declares it; a cooperative she is an active member of may
confirm it. The impact pages count both (a declaration alone, and how many are confirmed)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from marketplace.core.errors import DomainError
from marketplace.models import ArtisanProfile, Cooperative, Membership, MembershipStatus
from marketplace.models.base import utcnow


class CannotConfirm(DomainError):
    """Only a declared shop of an active member can be confirmed."""


def declare(session: Session, *, artisan: ArtisanProfile, women_led: bool) -> None:
    """The artisan says whether her shop is women-led; withdrawing it drops any confirmation."""
    artisan.women_led = women_led
    if not women_led:
        artisan.women_led_confirmed_by_id = None
        artisan.women_led_confirmed_at = None
    session.flush()


def confirm(session: Session, *, cooperative: Cooperative, membership: Membership) -> None:
    """The cooperative vouches for a member's declaration (the artisan's own word comes first)."""
    artisan = membership.artisan
    if (membership.cooperative_id != cooperative.id
            or membership.status != MembershipStatus.ACTIVE or not artisan.women_led):
        raise CannotConfirm(artisan.id)
    artisan.women_led_confirmed_by_id = cooperative.id
    artisan.women_led_confirmed_at = utcnow()
    session.flush()
