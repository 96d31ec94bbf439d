"""Bank transfer and cash on delivery: the seller or their cooperative's admin confirms receipt."""
from __future__ import annotations

from sqlalchemy.orm import Session

from marketplace.commerce import ordering
from marketplace.models import Order, User


class NotManual(ordering.CheckoutError):
    pass


def confirm_received(session: Session, order: Order, *, by: User) -> bool:
    """The money for `order` arrived outside the platform. Permission is the caller's check."""
    if not order.checkout.payment_method.is_manual:
        raise NotManual("card")
    return ordering.mark_order_paid(session, order, source="manual confirmation", actor_id=by.id)
