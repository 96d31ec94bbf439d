"""Order status and payment method names as shoppers and artisans read them."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from marketplace.models import OrderStatus, PaymentMethod


def method_label(method: PaymentMethod) -> str:
    return {
        PaymentMethod.CARD: _l("Card (Visa, Mastercard)"),
        PaymentMethod.BANK_TRANSFER: _l("Bank transfer"),
        PaymentMethod.CASH_ON_DELIVERY: _l("Cash on delivery"),
    }[method]


def status_label(status: str) -> str:
    return {
        OrderStatus.PENDING_PAYMENT: _("Awaiting payment"),
        OrderStatus.PAID: _("Paid"),
        OrderStatus.SHIPPED: _("Shipped"),
        OrderStatus.DELIVERED: _("Delivered"),
        OrderStatus.CANCELLED: _("Cancelled"),
        OrderStatus.REFUNDED: _("Refunded"),
    }.get(OrderStatus(status), status)

