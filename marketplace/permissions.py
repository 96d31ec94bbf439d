"""Who may see and change what: one function per resource. Views call these and answer 404.

Each function takes the acting user (possibly anonymous) and the resource, and says yes or no.
"""
from __future__ import annotations

from typing import Any

from marketplace.models import (
    ArtisanProfile,
    Booth,
    Certificate,
    Conversation,
    Cooperative,
    DividendAllocation,
    Fair,
    Listing,
    ListingStatus,
    Membership,
    MembershipStatus,
    Order,
    PurchaseRound,
    Review,
    Shareholder,
    ShopApplication,
)


def _signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def is_platform_admin(user: Any) -> bool:
    return _signed_in(user) and user.is_platform_admin


def artisan_of(user: Any) -> ArtisanProfile | None:
    """The shop this user keeps, if any."""
    return user.artisan_profile if _signed_in(user) else None


def can_edit_listing(user: Any, listing: Listing) -> bool:
    """Its artisan, unless the platform took it down (moderation.py)."""
    profile = artisan_of(user)
    return (profile is not None and listing.artisan_id == profile.id
            and listing.status != ListingStatus.REMOVED)


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


def cooperative_id_of(thing: Listing | Membership | Shareholder | DividendAllocation) -> int | None:
    """The cooperative a row of a cooperative's admin pages belongs to."""
    if isinstance(thing, DividendAllocation):
        return thing.dividend.cooperative_id
    return thing.cooperative_id


def can_view_order(user: Any, order: Order) -> bool:
    """Only the shopper who placed it (S04)."""
    return _signed_in(user) and order.buyer_id == user.id


def can_manage_order(user: Any, order: Order) -> bool:
    """The selling artisan, an admin of a cooperative whose listing is in it, a platform admin."""
    if is_platform_admin(user):
        return True
    profile = artisan_of(user)
    if profile is not None and order.artisan_id == profile.id:
        return True
    coop_ids = {coop.id for coop in user.administered_cooperatives} if _signed_in(user) else set()
    return any(line.cooperative_id in coop_ids for line in order.lines)


def can_organise_fairs(user: Any) -> bool:
    """Platform admins organise fairs; cooperative admins organise their cooperative's."""
    return is_platform_admin(user) or (_signed_in(user) and bool(user.administered_cooperatives))


def can_manage_fair(user: Any, fair: Fair) -> bool:
    """Only its organiser (S48): a platform admin for a platform fair, the cooperative's admins
    for a cooperative's fair; no one else, not even a platform admin for a cooperative's."""
    if fair.cooperative_id is None:
        return is_platform_admin(user)
    return can_manage_cooperative(user, fair.cooperative)


def can_hold_booths(user: Any) -> bool:
    """Artisans hold booths, and cooperative admins for their cooperatives."""
    return artisan_of(user) is not None or (_signed_in(user)
                                            and bool(user.administered_cooperatives))


def can_manage_booth(user: Any, booth: Booth) -> bool:
    """The booth's holder: its artisan, or an admin of its cooperative (S48)."""
    if booth.artisan_id is not None:
        profile = artisan_of(user)
        return profile is not None and profile.id == booth.artisan_id
    return booth.cooperative is not None and can_manage_cooperative(user, booth.cooperative)


def can_join_round(user: Any, purchase: PurchaseRound) -> bool:
    """Only the cooperative's active members commit to its purchase rounds (S48)."""
    profile = artisan_of(user)
    return profile is not None and any(
        m.cooperative_id == purchase.cooperative_id and m.status == MembershipStatus.ACTIVE
        for m in profile.memberships)


def can_view_round(user: Any, purchase: PurchaseRound) -> bool:
    """Members, and a former member who committed (they still see what they owe)."""
    profile = artisan_of(user)
    return can_join_round(user, purchase) or (
        profile is not None and any(c.artisan_id == profile.id for c in purchase.commitments))


def can_manage_round(user: Any, purchase: PurchaseRound) -> bool:
    return can_manage_cooperative(user, purchase.cooperative)


def can_reply_to_review(user: Any, review: Review) -> bool:
    """The artisan whose piece was reviewed; nobody else, not even the platform (S44)."""
    profile = artisan_of(user)
    return profile is not None and review.artisan_id == profile.id


def can_read_conversation(user: Any, conversation: Conversation) -> bool:
    """Its shopper and its artisan; a cooperative's admins only in an order's conversation
    the artisan asked them into (S45). Reading is writing: whoever reads may answer."""
    if not _signed_in(user):
        return False
    if user.id == conversation.shopper_id:
        return True
    profile = artisan_of(user)
    if profile is not None and profile.id == conversation.artisan_id:
        return True
    return (conversation.order_id is not None and conversation.cooperative is not None
            and can_manage_cooperative(user, conversation.cooperative))


def is_seller_in(user: Any, conversation: Conversation) -> bool:
    """The artisan of the conversation: she makes offers and asks her cooperative in."""
    profile = artisan_of(user)
    return profile is not None and profile.id == conversation.artisan_id


def can_write_about_order(user: Any, order: Order) -> bool:
    """An order's conversation is started by its buyer or its artisan, nobody else."""
    profile = artisan_of(user)
    return can_view_order(user, order) or (profile is not None and order.artisan_id == profile.id)


def holds_certificate(user: Any, certificate: Certificate) -> bool:
    """Its holder: the artisan (hers or her listing's), or the cooperative's admins."""
    if certificate.cooperative is not None:
        return can_manage_cooperative(user, certificate.cooperative)
    profile = artisan_of(user)
    artisan_id = certificate.artisan_id if certificate.listing is None \
        else certificate.listing.artisan_id
    return profile is not None and profile.id == artisan_id


def can_verify_certificate(user: Any, certificate: Certificate) -> bool:
    """Platform admins; a cooperative's admins for the types the platform delegates, held by
    one of its active members or her listing (never their own cooperative's)."""
    if is_platform_admin(user):
        return True
    if not _signed_in(user) or not certificate.type.cooperatives_verify \
            or certificate.cooperative_id is not None:
        return False
    artisan = certificate.artisan or certificate.listing.artisan
    return any(m.status == MembershipStatus.ACTIVE and can_manage_cooperative(user, m.cooperative)
               for m in artisan.memberships)


def can_review_application(user: Any, application: ShopApplication) -> bool:
    """The admins of the cooperative she applies under; the platform's for an independent."""
    if application.cooperative is not None:
        return can_manage_cooperative(user, application.cooperative)
    return is_platform_admin(user)


def can_view_evidence(user: Any, certificate: Certificate,
                      application: ShopApplication | None = None) -> bool:
    """Its holder and its verifiers, and the deciders of the application that sent it as the
    applicant's licence (`application`, found by the caller) (S46)."""
    return (holds_certificate(user, certificate) or can_verify_certificate(user, certificate)
            or (application is not None and application.licence_id == certificate.id
                and can_review_application(user, application)))
