"""What the shopper reads when the cart or checkout refuses something."""
from __future__ import annotations

from collections.abc import Mapping

from flask_babel import gettext as _
from flask_babel import ngettext

from marketplace.commerce.carts import MAX_QUANTITY, CartError, Merge


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


def merge_message(merge: Merge, titles: Mapping[int, str]) -> str:
    """What a login did to the cart, line by line, when it is more than the guest cart moving
    over: a total that changes silently reads as a mistake."""
    details = []
    for line in merge.lines:
        title = titles.get(line.listing_id, "")
        if line.now == 0:
            details.append(_("%(title)s is no longer for sale", title=title))
        elif line.had:
            details.append(_("%(title)s: %(had)d already in your cart, now %(now)d",
                             title=title, had=line.had, now=line.now))
        elif line.now < line.added:
            details.append(_("%(title)s: only %(now)d available", title=title, now=line.now))
    if merge.others:
        details.append(ngettext("%(num)d item you added earlier", "%(num)d items you added "
                                "earlier", merge.others, num=merge.others))
    return _("The cart you filled before logging in is now in your account's cart. Please "
             "check it: %(details)s.", details=_("; ").join(details))
