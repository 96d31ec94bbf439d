"""Who may see and act on an order. Anyone else gets 404 (S02, S04)."""
from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import or_, select

from marketplace.extensions import db
from marketplace.models import Order, OrderLine, User


def can_view_order(user: User, order: Order) -> bool:
    return user.is_authenticated and order.buyer_id == user.id


def _coop_ids(user: User) -> list[int]:
    return [coop.id for coop in user.administered_cooperatives]


def can_manage_order(user: User, order: Order) -> bool:
    """The selling artisan, an admin of a cooperative whose listing is in it, a platform admin."""
    if not user.is_authenticated:
        return False
    if user.is_platform_admin:
        return True
    if user.artisan_profile is not None and order.artisan_id == user.artisan_profile.id:
        return True
    coop_ids = set(_coop_ids(user))
    return any(line.cooperative_id in coop_ids for line in order.lines)


def managed_orders_query(user: User):
    conditions = []
    if user.artisan_profile is not None:
        conditions.append(Order.artisan_id == user.artisan_profile.id)
    coop_ids = _coop_ids(user)
    if coop_ids:
        conditions.append(
            Order.id.in_(select(OrderLine.order_id).where(OrderLine.cooperative_id.in_(coop_ids)))
        )
    if not conditions:
        return None
    return select(Order).where(or_(*conditions)).order_by(Order.id.desc())


def order_for_buyer(order_id: int) -> Order:
    order = db.session.get(Order, order_id)
    if order is None or not can_view_order(current_user, order):
        abort(404)
    return order


def order_for_seller(order_id: int) -> Order:
    order = db.session.get(Order, order_id)
    if order is None or not can_manage_order(current_user, order):
        abort(404)
    return order
