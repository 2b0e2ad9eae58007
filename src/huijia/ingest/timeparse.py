"""Turning the times exports write into ISO 8601 strings with an offset.

Most exports write naive local wall-clock time; the analyst names the zone (`--tz`, default
Asia/Shanghai) and every message records that assumption. Epoch times are exact and need no assumption.
This sits on the hot path of every text reader, so offsets are cached per (date, hour).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TZ = "Asia/Shanghai"


class UnknownTimeZoneError(ValueError):
    """The zone named with --tz is not in the IANA database."""


def load_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UnknownTimeZoneError(
            f"unknown time zone {name!r} (use an IANA name such as Asia/Shanghai)"
        ) from exc


def format_offset(delta: timedelta | None) -> str:
    seconds = int(delta.total_seconds()) if delta is not None else 0
    sign = "+" if seconds >= 0 else "-"
    seconds = abs(seconds)
    text = f"{sign}{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"
    # Historical local mean times have second offsets (Shanghai before 1901: +08:05:43).
    return text if seconds % 60 == 0 else f"{text}:{seconds % 60:02d}"


class LocalClock:
    """Renders naive local times in one zone as ISO 8601 with the zone's offset at that moment."""

    def __init__(self, zone_name: str = DEFAULT_TZ) -> None:
        self.zone_name = zone_name
        self.zone = load_zone(zone_name)
        self._offset = lru_cache(maxsize=4096)(self._compute_offset)

    def _compute_offset(self, year: int, month: int, day: int, hour: int) -> str:
        return format_offset(datetime(year, month, day, hour, tzinfo=self.zone).utcoffset())

    def iso(self, year: int, month: int, day: int, hour: int, minute: int, second: int = 0) -> str:
        """ISO 8601 for a local time; raises ValueError for an impossible date or time."""
        if not (1 <= month <= 12 and 0 <= hour <= 23 and 0 <= minute <= 59 and 0 <= second <= 59):
            raise ValueError("time out of range")
        offset = self._offset(year, month, day, hour)  # raises ValueError for 2021-02-30
        return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}{offset}"

    def from_epoch(self, seconds: float) -> str:
        """ISO 8601 in this zone for an exact epoch time (seconds since 1970 UTC)."""
        moment = datetime.fromtimestamp(seconds, UTC).astimezone(self.zone)
        return moment.isoformat(timespec="seconds")

    def from_naive_iso(self, text: str) -> str:
        """ISO 8601 with offset for a naive ISO string such as Telegram's `2021-03-04T09:05:07`."""
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is not None:
            return moment.isoformat(timespec="seconds")
        return self.iso(moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def hour_from_12h(hour: int, marker: str) -> int:
    """Hour on a 24-hour clock from an hour on a 12-hour clock and a marker, `am` or `pm`.

    Hour 0 is accepted (`00:08 a. m.` occurs in real Spanish-locale WhatsApp exports).
    """
    if not 0 <= hour <= 12:
        raise ValueError("12-hour clock hour out of range")
    if marker == "am":
        return 0 if hour == 12 else hour
    return 12 if hour in (0, 12) else hour + 12
