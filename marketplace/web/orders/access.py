"""An order for the person asking, or 404 (S02, S04); the rules are in `permissions`."""
from __future__ import annotations

from flask import abort
from flask_login import current_user

from marketplace import permissions
from marketplace.extensions import db
from marketplace.models import Order


def order_for_buyer(order_id: int) -> Order:
    order = db.session.get(Order, order_id)
    if order is None or not permissions.can_view_order(current_user, order):
        abort(404)
    return order


def order_for_seller(order_id: int) -> Order:
    order = db.session.get(Order, order_id)
    if order is None or not permissions.can_manage_order(current_user, order):
        abort(404)
    return order
