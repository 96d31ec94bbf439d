"""What shoppers and artisans are told by email as an order moves, each in their own language.

A shopper reads amounts in the currency they pay in (the order's charge currency), an artisan in
their own; numbers are written in the reader's digits.
"""
from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from marketplace.core.formatting import format_money, localize_digits
from marketplace.mail import outbox
from marketplace.mail.outbox import language_of
from marketplace.models import Checkout, Order, PaymentMethod


def _number(order: Order, lang: str) -> str:
    return localize_digits(str(order.id), lang)


def order_placed(session: Session, checkout: Checkout) -> None:
    lang = language_of(checkout.buyer.locale)
    total = format_money(checkout.total, lang)
    with force_locale(lang):
        if checkout.payment_method == PaymentMethod.CASH_ON_DELIVERY:
            body = _("Thank you! We received your order of %(total)s. You pay in cash when the "
                     "parcel arrives; we will write again when it is on its way.", total=total)
        else:
            body = _("Thank you! We received your order of %(total)s. We will write again when "
                     "it is paid.", total=total)
        outbox.enqueue(session, to=checkout.buyer.email,
                       subject=_("Your Bazaar order is placed"), body=body)


def order_paid(session: Session, order: Order) -> None:
    cash = order.checkout.payment_method == PaymentMethod.CASH_ON_DELIVERY
    buyer_lang = language_of(order.buyer.locale)
    with force_locale(buyer_lang):
        paid = format_money(order.charge_total, buyer_lang)
        number = _number(order, buyer_lang)
        outbox.enqueue(
            session,
            to=order.buyer.email,
            subject=_("Payment received for order %(id)s", id=number),
            body=(_("Your cash payment of %(total)s for order %(id)s is recorded. Thank you!",
                    total=paid, id=number) if cash else
                  _("Your payment of %(total)s is received. The artisan is preparing your "
                    "order.", total=paid)),
        )
    seller = order.artisan.user
    seller_lang = language_of(seller.locale)
    with force_locale(seller_lang):
        own = format_money(order.total, seller_lang)
        number = _number(order, seller_lang)
        outbox.enqueue(
            session,
            to=seller.email,
            subject=_("New paid order %(id)s", id=number),
            body=(_("Order %(id)s is delivered and paid in cash (%(total)s).", id=number,
                    total=own) if cash else
                  _("Order %(id)s is paid (%(total)s). Please ship it and add the tracking "
                    "number.", id=number, total=own)),
        )


def order_shipped(session: Session, order: Order, *, cash_due: bool = False) -> None:
    """`cash_due`: a cash-on-delivery parcel that left unpaid; the courier collects."""
    lang = language_of(order.buyer.locale)
    with force_locale(lang):
        body = _("Your order was shipped with %(carrier)s, tracking number %(tracking)s.",
                 carrier=order.carrier or "", tracking=order.tracking_number or "")
        if cash_due:
            body += " " + _("Please have %(total)s ready in cash for the courier.",
                            total=format_money(order.charge_total, lang))
        outbox.enqueue(session, to=order.buyer.email,
                       subject=_("Order %(id)s is on its way", id=_number(order, lang)),
                       body=body)
