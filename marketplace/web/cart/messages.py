"""What the shopper reads when the cart or checkout refuses something."""
from __future__ import annotations

from flask_babel import gettext as _

from marketplace.commerce.carts import MAX_QUANTITY, CartError


def cart_error_message(error: CartError) -> str:
    if error.code == "quantity":
        return _("Please enter a whole number from 1 to %(max)d.", max=MAX_QUANTITY)
    if error.code == "unknown":
        return _("That item is not in our catalogue.")
    if error.code == "unavailable":
        return _("That item is no longer for sale.")
    if error.code == "own_listing":
        return _("You cannot buy your own listing.")
    if error.available <= 0:
        return _("Sorry, that item is sold out.")
    return _("Only %(n)d left of that item.", n=error.available)
