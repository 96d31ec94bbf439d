"""All models, imported here so that Alembic and the app see the whole metadata."""
from marketplace.models.accounts import ArtisanProfile, Role, User
from marketplace.models.catalog import (
    Category,
    Certification,
    Listing,
    ListingImage,
    ListingStatus,
    ListingTranslation,
)
from marketplace.models.cooperatives import (
    Cooperative,
    CooperativeKind,
    Membership,
    MembershipStatus,
)
from marketplace.models.geography import County, Province, Village
from marketplace.models.search import SearchOutbox

__all__ = [
    "ArtisanProfile",
    "Category",
    "Certification",
    "Cooperative",
    "CooperativeKind",
    "County",
    "Listing",
    "ListingImage",
    "ListingStatus",
    "ListingTranslation",
    "Membership",
    "MembershipStatus",
    "Province",
    "Role",
    "SearchOutbox",
    "User",
    "Village",
]
