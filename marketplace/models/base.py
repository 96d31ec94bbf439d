"""Column helpers shared by the domain models."""
from __future__ import annotations

import enum
from datetime import UTC, datetime

from sqlalchemy import DateTime, Enum
from sqlalchemy.orm import Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


def naive_utc(moment: datetime) -> datetime:
    """SQLite hands back naive UTC datetimes, PostgreSQL aware ones: compare them as naive UTC."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class Bilingual:
    """Entities named in Persian and English (`name_fa`, `name_en`, ...).

    `localized("name", "en")` falls back to Persian, the language every record has.
    """

    def localized(self, field: str, lang: str) -> str:
        value = getattr(self, f"{field}_{lang}", None)
        return value or getattr(self, f"{field}_fa")


def str_enum(cls: type[enum.StrEnum], length: int = 20) -> Enum:
    """Store a StrEnum by value in a VARCHAR, so adding a member needs no ALTER TYPE."""
    return Enum(cls, native_enum=False, length=length,
                values_callable=lambda e: [m.value for m in e])
