"""Ambassador links: a checkout that starts after a visit to `?ref=CODE` is credited to the
foreign shareholder who owns the code; the sale's ledger transaction carries their id."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.cooperatives import shares
from marketplace.models import Checkout, CheckoutReferral, Shareholder

SESSION_KEY = "ref"  # where the web layer keeps a visitor's ambassador code until checkout


def attribute_checkout(session: Session, *, checkout: Checkout, code: str | None
                       ) -> CheckoutReferral | None:
    """Record the referral once; an unknown code, or the shopper's own code, counts for nothing."""
    if not code:
        return None
    holder = shares.by_referral_code(session, code)
    if holder is None or holder.user_id == checkout.buyer_id:
        return None
    existing = session.get(CheckoutReferral, checkout.id)
    if existing is not None:
        return existing
    referral = CheckoutReferral(checkout_id=checkout.id, shareholder_id=holder.id)
    session.add(referral)
    session.flush()
    return referral


def ambassador_for(session: Session, checkout_id: int) -> Shareholder | None:
    return session.scalar(
        select(Shareholder).join(CheckoutReferral,
                                 CheckoutReferral.shareholder_id == Shareholder.id)
        .where(CheckoutReferral.checkout_id == checkout_id)
    )
