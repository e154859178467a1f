"""The one clock: UTC timestamps, ISO 8601 with milliseconds, as stored in every project file."""
from __future__ import annotations

from datetime import datetime, timezone


def now() -> str:
    """UTC timestamp, ISO 8601 with milliseconds."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
