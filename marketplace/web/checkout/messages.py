"""What the shopper reads when a checkout would hold more stock than one account may (S37)."""
from __future__ import annotations

from flask_babel import gettext as _

from marketplace.commerce.hold_limits import HoldLimitReached


def hold_limit_message(error: HoldLimitReached) -> str:
    if error.code == "manual_checkouts":
        return _("You already have %(n)d unpaid bank-transfer or cash-on-delivery orders. Pay for "
                 "or cancel one of them before placing another.", n=error.limit)
    if error.code == "per_listing":
        return _("At most %(n)d of one item can wait for payment in your orders at once. Pay for "
                 "or cancel an earlier order, or buy fewer.", n=error.limit)
    return _("At most %(n)d items can wait for payment in your orders at once. Pay for or cancel "
             "an earlier order, or buy fewer.", n=error.limit)
