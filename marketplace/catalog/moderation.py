"""Keeping the catalogue honest: users report listings and reviews, platform admins take them
down or not.

A taken-down listing leaves the shop, search and carts at once (it is no longer active) and its
artisan can no longer edit it; the reason is shown in their studio. Restoring it makes it a
draft again, for the artisan to correct and publish.

A taken-down review leaves the listing page and stops counting in its stars at once
(`reviews.move`); restoring it brings both back. Its words are never changed.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from marketplace.catalog import listings, reviews
from marketplace.core.errors import DomainError
from marketplace.models import (
    Listing,
    ListingReport,
    ListingStatus,
    ReportReason,
    Review,
    ReviewReport,
    ReviewReportReason,
    ReviewStatus,
    User,
)
from marketplace.models.base import utcnow


class ModerationError(DomainError):
    pass


class NotRemovable(ModerationError):
    """The listing is taken down already."""


class NotRemoved(ModerationError):
    pass


def report(session: Session, *, listing: Listing, reporter: User, reason: ReportReason,
           details: str = "") -> ListingReport:
    """Record (or renew) this user's report: one open report per user and listing."""
    existing = session.scalar(select(ListingReport).where(
        ListingReport.listing_id == listing.id, ListingReport.reporter_id == reporter.id))
    entry = existing or ListingReport(listing=listing, reporter_id=reporter.id)
    entry.reason, entry.details, entry.resolved_at = reason, details.strip(), None
    session.add(entry)
    session.flush()
    return entry


def take_down(session: Session, *, listing: Listing, reason: str) -> Listing:
    if listing.status == ListingStatus.REMOVED:
        raise NotRemovable(listing.id)
    listings.move(listing, ListingStatus.REMOVED)
    listing.removal_reason = reason.strip()
    _resolve_reports(session, listing)
    session.flush()
    return listing


def restore(session: Session, *, listing: Listing) -> Listing:
    if listing.status != ListingStatus.REMOVED:
        raise NotRemoved(listing.id)
    listings.move(listing, ListingStatus.DRAFT)
    listing.removal_reason = ""
    session.flush()
    return listing


def dismiss_reports(session: Session, *, listing: Listing) -> int:
    """The listing is fine: close its open reports. How many were closed."""
    return _resolve_reports(session, listing)


def _resolve_reports(session: Session, listing: Listing) -> int:
    result = session.execute(
        update(ListingReport)
        .where(ListingReport.listing_id == listing.id, ListingReport.resolved_at.is_(None))
        .values(resolved_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


@dataclass(frozen=True, slots=True)
class Reported:
    """A listing with open reports, for the admin's queue."""

    listing: Listing
    count: int
    reasons: Counter[ReportReason]
    details: list[str]


def open_reports(session: Session) -> list[Reported]:
    """Listings with open reports, the most reported first."""
    reports = session.scalars(
        select(ListingReport).where(ListingReport.resolved_at.is_(None))
        .options(selectinload(ListingReport.listing).selectinload(Listing.translations),
                 selectinload(ListingReport.listing).selectinload(Listing.artisan))
        .order_by(ListingReport.created_at)
    ).all()
    by_listing: dict[int, list[ListingReport]] = {}
    for entry in reports:
        by_listing.setdefault(entry.listing_id, []).append(entry)
    queue = [Reported(entries[0].listing, len(entries), Counter(e.reason for e in entries),
                      [e.details for e in entries if e.details])
             for entries in by_listing.values()]
    return sorted(queue, key=lambda r: -r.count)


def removed_listings(session: Session, limit: int = 100) -> list[Listing]:
    return list(session.scalars(
        select(Listing).where(Listing.status == ListingStatus.REMOVED)
        .options(selectinload(Listing.translations), selectinload(Listing.artisan))
        .order_by(Listing.updated_at.desc()).limit(limit)
    ))



# Reviews ----------------------------------------------------------------------------------------


def report_review(session: Session, *, review: Review, reporter: User,
                  reason: ReviewReportReason, details: str = "") -> ReviewReport:
    """Record (or renew) this user's report of a review: one open report per user and review."""
    existing = session.scalar(select(ReviewReport).where(
        ReviewReport.review_id == review.id, ReviewReport.reporter_id == reporter.id))
    entry = existing or ReviewReport(review=review, reporter_id=reporter.id)
    entry.reason, entry.details, entry.resolved_at = reason, details.strip(), None
    session.add(entry)
    session.flush()
    return entry


def take_down_review(session: Session, *, review: Review, reason: str) -> Review:
    """Raises reviews.InvalidMove if it is down already."""
    reviews.move(session, review=review, to=ReviewStatus.REMOVED, reason=reason)
    _resolve_review_reports(session, review)
    return review


def restore_review(session: Session, *, review: Review) -> Review:
    return reviews.move(session, review=review, to=ReviewStatus.PUBLISHED)


def dismiss_review_reports(session: Session, *, review: Review) -> int:
    return _resolve_review_reports(session, review)


def _resolve_review_reports(session: Session, review: Review) -> int:
    result = session.execute(
        update(ReviewReport)
        .where(ReviewReport.review_id == review.id, ReviewReport.resolved_at.is_(None))
        .values(resolved_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


@dataclass(frozen=True, slots=True)
class ReportedReview:
    """A review with open reports, for the admin's queue."""

    review: Review
    count: int
    reasons: Counter[ReviewReportReason]
    details: list[str]


def open_review_reports(session: Session) -> list[ReportedReview]:
    """Reviews with open reports, the most reported first."""
    entries = session.scalars(
        select(ReviewReport).where(ReviewReport.resolved_at.is_(None))
        .options(selectinload(ReviewReport.review).selectinload(Review.author),
                 selectinload(ReviewReport.review).selectinload(Review.listing)
                 .selectinload(Listing.translations))
        .order_by(ReviewReport.created_at)
    ).all()
    by_review: dict[int, list[ReviewReport]] = {}
    for entry in entries:
        by_review.setdefault(entry.review_id, []).append(entry)
    queue = [ReportedReview(found[0].review, len(found), Counter(e.reason for e in found),
                            [e.details for e in found if e.details])
             for found in by_review.values()]
    return sorted(queue, key=lambda r: -r.count)


def removed_reviews(session: Session, limit: int = 100) -> list[Review]:
    return list(session.scalars(
        select(Review).where(Review.status == ReviewStatus.REMOVED)
        .options(selectinload(Review.author),
                 selectinload(Review.listing).selectinload(Listing.translations))
        .order_by(Review.updated_at.desc()).limit(limit)
    ))
