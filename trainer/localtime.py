"""Local time for people, UTC for the database: the ``TIMEZONE`` setting (default Asia/Shanghai).

Forms take times in the local zone and store them in UTC; pages show stored times in the local zone.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_ZONE = "Asia/Shanghai"


@lru_cache(maxsize=8)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_zone() -> ZoneInfo:
    """The zone people enter and read times in."""
    name = current_app.config.get("TIMEZONE") if has_app_context() else None
    return _zone(str(name or DEFAULT_ZONE))


def to_local(value: datetime | None) -> datetime | None:
    """A stored (UTC) time in the local zone; a naive value is taken as UTC."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(local_zone())


def from_local(value: datetime | None) -> datetime | None:
    """A time typed in the local zone (naive, as a form gives it) as an aware UTC time."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=local_zone())
    return value.astimezone(UTC)


def format_local(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A stored time as local text for pages (empty for None)."""
    local = to_local(value)
    return local.strftime(fmt) if local is not None else ""


def zone_label() -> str:
    """The zone's name and UTC offset now, e.g. ``Asia/Shanghai, UTC+08:00``."""
    zone = local_zone()
    offset = datetime.now(zone).strftime("%z")
    return f"{zone.key}, UTC{offset[:3]}:{offset[3:]}"
