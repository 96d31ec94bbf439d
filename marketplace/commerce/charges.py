"""An order's amounts in the currency its shopper paid in, adding up to what was charged.

An order is kept in its seller's currency; its charge total was converted once, at placement,
with the rate locked on the order (`Order.fx_rate_text`). Converting each line again would round
each on its own and the parts would not add up to the charge, so the charge total is laid over
the parts by the largest-remainder method (`money.allocate`): each part is within one minor unit
(one toman, for a charge in whole toman) of its exact conversion, and the sum is exact.
"""
from __future__ import annotations

from dataclasses import dataclass

from marketplace.cooperatives.ledger import SaleSplit
from marketplace.core.money import Money, allocate, counted_unit, total
from marketplace.models import Order


@dataclass(frozen=True)
class ChargedOrder:
    """`order`'s lines and shipping in its charge currency; they add up to `total`."""

    lines: list[Money]
    shipping: Money
    total: Money

    @property
    def subtotal(self) -> Money:
        return total(self.lines, self.total.currency)


def spread(charge: Money, parts: list[Money]) -> list[Money]:
    """`parts` (in one currency, adding up to what `charge` was converted from) expressed in
    `charge`'s currency, adding up to `charge`."""
    if all(part.currency == charge.currency for part in parts):
        return parts
    if not any(part.amount_minor for part in parts):
        return [Money.zero(charge.currency) for _ in parts]
    return allocate(charge, [part.amount_minor for part in parts],
                    unit=counted_unit(charge.currency))


def charged(order: Order) -> ChargedOrder:
    amounts = spread(order.charge_total, [line.line_total for line in order.lines]
                     + [order.shipping])
    return ChargedOrder(lines=amounts[:-1], shipping=amounts[-1], total=order.charge_total)


def charged_split(order: Order, split: SaleSplit) -> SaleSplit:
    """Where the shopper's money went (`ledger.order_split`), in what the shopper paid."""
    artisan, cooperative, platform = spread(order.charge_total, [split.artisan,
                                                                 split.cooperative,
                                                                 split.platform])
    return SaleSplit(order.charge_total, artisan, cooperative, platform)
