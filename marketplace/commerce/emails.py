"""What shoppers and artisans are told by email as an order moves, each in their own language."""
from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from marketplace.core.formatting import format_money
from marketplace.mail import outbox
from marketplace.mail.outbox import language_of
from marketplace.models import Checkout, Order


def order_placed(session: Session, checkout: Checkout) -> None:
    lang = language_of(checkout.buyer.locale)
    with force_locale(lang):
        outbox.enqueue(
            session,
            to=checkout.buyer.email,
            subject=_("Your Bazaar order is placed"),
            body=_(
                "Thank you! We received your order of %(total)s. We will write again when "
                "it is paid.",
                total=format_money(checkout.total, lang),
            ),
        )


def order_paid(session: Session, order: Order) -> None:
    buyer_lang = language_of(order.buyer.locale)
    with force_locale(buyer_lang):
        outbox.enqueue(
            session,
            to=order.buyer.email,
            subject=_("Payment received for order %(id)s", id=order.id),
            body=_("Your payment of %(total)s is received. The artisan is preparing your order.",
                   total=format_money(order.total, buyer_lang)),
        )
    seller = order.artisan.user
    seller_lang = language_of(seller.locale)
    with force_locale(seller_lang):
        outbox.enqueue(
            session,
            to=seller.email,
            subject=_("New paid order %(id)s", id=order.id),
            body=_("Order %(id)s is paid (%(total)s). Please ship it and add the tracking number.",
                   id=order.id, total=format_money(order.total, seller_lang)),
        )


def order_shipped(session: Session, order: Order) -> None:
    lang = language_of(order.buyer.locale)
    with force_locale(lang):
        outbox.enqueue(
            session,
            to=order.buyer.email,
            subject=_("Order %(id)s is on its way", id=order.id),
            body=_("Your order was shipped with %(carrier)s, tracking number %(tracking)s.",
                   carrier=order.carrier or "", tracking=order.tracking_number or ""),
        )
