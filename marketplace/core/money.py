"""Money: integer minor units and an ISO 4217 code. Never a float."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from babel.numbers import get_currency_precision


class CurrencyMismatch(ValueError):
    pass


RIALS_PER_TOMAN = 10

# What sellers in a country price in, and what cooperatives there keep their books in.
_HOME_CURRENCY = {"IR": "IRR", "VN": "VND"}


def home_currency(country_code: str) -> str:
    return _HOME_CURRENCY.get(country_code, "USD")


def minor_exponent(currency: str) -> int:
    """Digits after the point: USD 2, EUR 2; IRR and VND 0 as they are used in practice."""
    return get_currency_precision(currency)


def counted_unit(currency: str) -> int:
    """The smallest amount people count in, in minor units: a toman (ten rials) for rials,
    which Iranians price, pay and read in; one minor unit otherwise."""
    return RIALS_PER_TOMAN if currency == "IRR" else 1


@dataclass(frozen=True, slots=True)
class Money:
    amount_minor: int
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount_minor, int) or isinstance(self.amount_minor, bool):
            raise TypeError(f"amount_minor must be int, got {type(self.amount_minor).__name__}")
        if len(self.currency) != 3 or not self.currency.isupper():
            raise ValueError(f"not an ISO 4217 code: {self.currency!r}")

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(0, currency)

    @classmethod
    def from_decimal(cls, amount: Decimal | str | int, currency: str) -> Money:
        """Major units ("19.99" USD) to Money, rounding half-even to the currency's precision."""
        quantum = Decimal(1).scaleb(-minor_exponent(currency))
        major = Decimal(amount).quantize(quantum, rounding=ROUND_HALF_EVEN)
        return cls(int(major.scaleb(minor_exponent(currency))), currency)

    def to_decimal(self) -> Decimal:
        return Decimal(self.amount_minor).scaleb(-minor_exponent(self.currency))

    def _same(self, other: Money) -> None:
        if self.currency != other.currency:
            raise CurrencyMismatch(f"{self.currency} and {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount_minor + other.amount_minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount_minor - other.amount_minor, self.currency)

    def __mul__(self, factor: int) -> Money:
        if not isinstance(factor, int):
            raise TypeError("Money can only be multiplied by an int; convert rates explicitly")
        return Money(self.amount_minor * factor, self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount_minor < other.amount_minor

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.amount_minor <= other.amount_minor

    def __bool__(self) -> bool:
        return self.amount_minor != 0


def total(amounts: list[Money], currency: str) -> Money:
    result = Money.zero(currency)
    for amount in amounts:
        result = result + amount
    return result


def allocate(amount: Money, weights: Sequence[int], *, unit: int = 1) -> list[Money]:
    """`amount` shared out pro rata to `weights`: `largest_remainder` on its minor units."""
    return [Money(part, amount.currency)
            for part in largest_remainder(amount.amount_minor, weights, unit=unit)]


def largest_remainder(amount_minor: int, weights: Sequence[int], *, unit: int = 1) -> list[int]:
    """`amount_minor` shared out pro rata to `weights` by the largest-remainder method.

    The parts add up to the amount exactly and each is the floor or the ceiling of its exact
    share, counted in steps of `unit` minor units (a whole toman: `counted_unit`) when the
    amount is a whole number of them; ties for the leftover go to the earlier weight. This is
    how a dividend is split by shares, and how an order charged in one currency is laid over
    its lines, shipping and split kept in another, so that what is shown always adds up.
    """
    whole = sum(weights)
    if amount_minor < 0 or whole <= 0 or any(w < 0 for w in weights):
        raise ValueError("need a non-negative amount and non-negative weights with a positive sum")
    if unit < 1 or amount_minor % unit:
        unit = 1
    units = amount_minor // unit
    parts = [units * w // whole for w in weights]
    leftover = units - sum(parts)
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(units * weights[i] % whole), i))
    for index in by_remainder[:leftover]:
        parts[index] += 1
    return [part * unit for part in parts]
