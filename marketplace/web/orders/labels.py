"""Order status and payment method names as shoppers and artisans read them."""
from __future__ import annotations

from flask import Flask
from flask_babel import gettext as _

from marketplace.models import OrderStatus, PaymentMethod
from marketplace.web.checkout.forms import method_label


def status_label(status: str) -> str:
    return {
        OrderStatus.PENDING_PAYMENT: _("Awaiting payment"),
        OrderStatus.PAID: _("Paid"),
        OrderStatus.SHIPPED: _("Shipped"),
        OrderStatus.DELIVERED: _("Delivered"),
        OrderStatus.CANCELLED: _("Cancelled"),
        OrderStatus.REFUNDED: _("Refunded"),
    }.get(OrderStatus(status), status)


def init_app(app: Flask) -> None:
    app.add_template_global(status_label, "status_label")
    app.add_template_global(lambda method: str(method_label(PaymentMethod(method))),
                            "method_name")
