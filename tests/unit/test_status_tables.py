"""Listing and payment statuses change only along their tables."""
from __future__ import annotations

import pytest

from marketplace.catalog import listings
from marketplace.commerce import payments
from marketplace.models import Listing, ListingStatus, Payment, PaymentStatus


def test_a_taken_down_listing_comes_back_only_as_a_draft():
    listing = Listing(status=ListingStatus.REMOVED)
    for to in (ListingStatus.ACTIVE, ListingStatus.PENDING_REVIEW, ListingStatus.ARCHIVED):
        with pytest.raises(listings.InvalidListingMove):
            listings.move(listing, to)
    listings.move(listing, ListingStatus.DRAFT)
    assert listing.status == ListingStatus.DRAFT


def test_every_listing_status_can_be_taken_down_and_stays_where_it_is():
    for status in ListingStatus:
        listing = Listing(status=status)
        listings.move(listing, status)
        assert listing.status == status
        if status != ListingStatus.REMOVED:
            listings.move(listing, ListingStatus.REMOVED)
            assert listing.status == ListingStatus.REMOVED


def test_a_late_failure_never_undoes_a_successful_payment():
    """S24: after succeeded, only a refund moves a payment."""
    payment = Payment(status=PaymentStatus.SUCCEEDED)
    for to in PaymentStatus:
        moved = payments.move(payment, to)
        assert moved == (to == PaymentStatus.REFUNDED)
        payment.status = PaymentStatus.SUCCEEDED


def test_a_declined_card_leaves_the_attempt_open_for_another():
    """S43: failed is an open state; the same intent may still succeed or be cancelled."""
    payment = Payment(status=PaymentStatus.REQUIRES_PAYMENT_METHOD)
    assert payments.move(payment, PaymentStatus.FAILED)
    assert payments.move(payment, PaymentStatus.REQUIRES_ACTION)
    assert payments.move(payment, PaymentStatus.SUCCEEDED)
    assert not payments.move(payment, PaymentStatus.CANCELED)


def test_cancelled_and_refunded_payments_are_final():
    for final in (PaymentStatus.CANCELED, PaymentStatus.REFUNDED):
        payment = Payment(status=final)
        assert not any(payments.move(payment, to) for to in PaymentStatus)
