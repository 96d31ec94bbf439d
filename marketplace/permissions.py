"""Who may see and change what: one function per resource. Views call these and answer 404.

Each function takes the acting user (possibly anonymous) and the resource, and says yes or no.
"""
from __future__ import annotations

from typing import Any

from marketplace.models import (
    ArtisanProfile,
    Cooperative,
    DividendAllocation,
    Listing,
    ListingStatus,
    Membership,
    MembershipStatus,
    Shareholder,
)


def _signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def is_platform_admin(user: Any) -> bool:
    return _signed_in(user) and user.is_platform_admin


def artisan_of(user: Any) -> ArtisanProfile | None:
    """The shop this user keeps, if any."""
    return user.artisan_profile if _signed_in(user) else None


def can_use_studio(user: Any) -> bool:
    return artisan_of(user) is not None


def can_edit_listing(user: Any, listing: Listing) -> bool:
    """Its artisan, unless the platform took it down (moderation.py)."""
    profile = artisan_of(user)
    return (profile is not None and listing.artisan_id == profile.id
            and listing.status != ListingStatus.REMOVED)


def can_sell_under(user: Any, cooperative: Cooperative) -> bool:
    """Only an active member may put a listing in a cooperative's storefront."""
    profile = artisan_of(user)
    return profile is not None and any(
        m.artisan_id == profile.id and m.status == MembershipStatus.ACTIVE
        for m in cooperative.memberships
    )


def can_manage_cooperative(user: Any, cooperative: Cooperative) -> bool:
    return _signed_in(user) and any(c.id == cooperative.id for c in user.administered_cooperatives)


def can_review_listing(user: Any, listing: Listing) -> bool:
    """A cooperative admin approves listings submitted under their own cooperative only."""
    return listing.cooperative is not None and can_manage_cooperative(user, listing.cooperative)


def can_manage_membership(user: Any, membership: Membership) -> bool:
    return can_manage_cooperative(user, membership.cooperative)


def can_manage_shareholder(user: Any, shareholder: Shareholder) -> bool:
    return can_manage_cooperative(user, shareholder.cooperative)


def can_pay_allocation(user: Any, allocation: DividendAllocation) -> bool:
    return can_manage_cooperative(user, allocation.dividend.cooperative)


def can_view_holding(user: Any, shareholder: Shareholder) -> bool:
    """A shareholder sees their own holding; nobody else's, not even another shareholder's."""
    return _signed_in(user) and shareholder.user_id == user.id
