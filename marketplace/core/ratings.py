"""Stars: how the average of 1–5 star reviews is rounded, for every page and the index."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

MIN_STARS = 1
MAX_STARS = 5


def average_rating(total: int, count: int) -> Decimal | None:
    """The mean of `count` ratings adding up to `total`, to one decimal (4.65 -> 4.7); None for
    no ratings."""
    if count <= 0:
        return None
    return (Decimal(total) / Decimal(count)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def whole_stars(average: Decimal | int) -> int:
    """How many of the five stars are drawn filled: the average rounded half up (4.5 -> 5)."""
    return int(Decimal(average).quantize(Decimal(1), rounding=ROUND_HALF_UP))
