"""The one clock: UTC timestamps, ISO 8601 with milliseconds, as stored in every project file."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Optional


def now() -> str:
    """UTC timestamp, ISO 8601 with milliseconds."""
    return _written(datetime.now(timezone.utc))


def stamp(text) -> Optional[str]:
    """An ISO 8601 date and time from a file (``2019-06-04T06:11:56Z``, with an offset or
    fractions) in our form, so stamps from anywhere compare as text; None if it is not one or
    has no time zone."""
    try:
        moment = datetime.fromisoformat(str(text).strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return _written(moment.astimezone(timezone.utc)) if moment.tzinfo is not None else None


def _written(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
