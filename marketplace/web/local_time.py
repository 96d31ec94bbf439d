"""Times in the visitor's own time zone. Moments are stored in UTC; pages show them in a zone.

Which zone: `static/js/localtime.js` reads the browser's zone (`Intl`) into the `bazaar_tz`
cookie, and pages rendered for one visitor use it. A page the anonymous page cache shares is
rendered without anyone's cookies, so it uses the page's default: on a fair's pages the zone of
the place the fair happens in (its visitors plan to be there, and a schedule in Hanoi reads
best in Hanoi time), elsewhere Tehran for Persian readers and UTC for everyone else. Every time
is printed with its zone's name, and the script then rewrites each `<time data-local>` in the
visitor's own zone (Jalali dates for Persian readers, through `Intl`'s Persian calendar), so a
shared page still shows each visitor their own clock.
"""
from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import g, request
from markupsafe import Markup

from marketplace.core import formatting

COOKIE = "bazaar_tz"
_ZONE_NAME = re.compile(r"\A[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+){0,2}\Z")
# Where the demo's cooperatives keep their clocks (their rounds' deadlines are typed in it).
HOME_ZONES = {"IR": "Asia/Tehran", "VN": "Asia/Ho_Chi_Minh"}
# The zones an organiser picks a fair's from: the places Bazaar's fairs happen, and UTC.
FAIR_ZONES = ("Asia/Tehran", "Asia/Ho_Chi_Minh", "Asia/Baku", "Asia/Yerevan", "Asia/Dubai",
              "Asia/Baghdad", "Europe/Istanbul", "Europe/Berlin", "UTC")


@lru_cache(maxsize=512)
def is_zone(name: str) -> bool:
    if len(name) > 64 or not _ZONE_NAME.match(name):
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def home_zone(country_code: str) -> str:
    return HOME_ZONES.get(country_code, "UTC")


def visitor_zone(lang: str, default: str | None = None) -> str:
    """The visitor's own zone when the page is theirs alone, else the page's default."""
    if not g.get("page_cache_render"):
        chosen = request.cookies.get(COOKIE, "")
        if is_zone(chosen):
            return chosen
    return default or ("Asia/Tehran" if lang == "fa" else "UTC")


def iso_utc(value: datetime) -> str:
    """The moment as the script reads it: ISO 8601 in UTC."""
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="seconds")


def moment(value: datetime, lang: str, default_zone: str | None = None, *,
           time_only: bool = False) -> Markup:
    """`<time>` with the moment in UTC for the script, and its text in the visitor's zone."""
    zone = visitor_zone(lang, default_zone)
    text = (formatting.format_time if time_only else formatting.format_datetime)(value, lang, zone)
    return Markup(
        '<time datetime="{}" data-local="{}" data-zone="{}">{} <span class="tz">({})</span></time>'
    ).format(iso_utc(value), "time" if time_only else "datetime", zone, text,
             formatting.zone_name(zone, lang))


def until(value: datetime, now: datetime, lang: str) -> str:
    """"3 days" / "۳ روز": roughly how long until `value` (the countdown's text without script)."""
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return formatting.format_duration(aware - now, lang)
