"""Exchange rates set by a platform admin, and the one conversion every price goes through.

Rates are stored against the rial: `rate(X)` is how many X one rial buys (`flask fx set USD
0.0000238`). Converting multiplies by a Decimal rate and rounds half-even to the target
currency's minor unit (Money.from_decimal); a float never touches an amount.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation, localcontext

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.core.errors import DomainError
from marketplace.core.money import Money
from marketplace.models import ExchangeRate

BASE = "IRR"
RATE_DIGITS = 20  # significant digits kept in a locked order rate


class MissingRate(DomainError):
    def __init__(self, currency: str) -> None:
        super().__init__(currency)
        self.currency = currency


class InvalidRate(DomainError):
    pass


def parse_rate(value: str | Decimal) -> Decimal:
    try:
        rate = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise InvalidRate(str(value)) from exc
    if not rate.is_finite() or rate <= 0:
        raise InvalidRate(str(value))
    return rate


def set_rate(
    session: Session, currency: str, rate: str | Decimal, *, set_by_id: int | None = None
) -> ExchangeRate:
    currency = currency.strip().upper()
    if len(currency) != 3 or not currency.isalpha() or currency == BASE:
        raise InvalidRate(currency)
    row = ExchangeRate(currency=currency, rate_text=str(parse_rate(rate)), set_by_id=set_by_id)
    session.add(row)
    session.flush()
    return row


def current_rates(session: Session) -> dict[str, Decimal]:
    """The newest rate per currency, the base included (1)."""
    rows = session.scalars(select(ExchangeRate).order_by(ExchangeRate.id)).all()
    rates = {row.currency: row.rate for row in rows}
    rates[BASE] = Decimal(1)
    return rates


def rate_between(rates: dict[str, Decimal], source: str, target: str) -> Decimal:
    """Units of `target` that one unit of `source` buys, rounded to RATE_DIGITS digits."""
    if source == target:
        return Decimal(1)
    for code in (source, target):
        if code not in rates:
            raise MissingRate(code)
    with localcontext() as ctx:
        ctx.prec = RATE_DIGITS
        return rates[target] / rates[source]


def apply_rate(money: Money, rate: Decimal, target: str) -> Money:
    if money.currency == target:
        return money
    return Money.from_decimal(money.to_decimal() * rate, target)


def convert(money: Money, target: str, rates: dict[str, Decimal]) -> Money:
    return apply_rate(money, rate_between(rates, money.currency, target), target)
