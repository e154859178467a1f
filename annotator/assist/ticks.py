"""Progress as a fraction 0..1 and Cancel for the long calls of this package (the app runs them
on a worker). ``cancelled()`` is polled between documents and between training batches; once it
is true the call raises :class:`~annotator.errors.Cancelled` and nothing has been stored."""
from __future__ import annotations

from typing import Callable, Optional

from annotator.errors import Cancelled


class Ticks:
    def __init__(self, progress: Optional[Callable[[float], None]], cancelled: Optional[Callable[[], bool]],
                 message: str):
        self._progress, self._cancelled, self._message = progress, cancelled, message
        self._begin, self._width, self._total, self._done = 0.0, 1.0, 1, 0

    def stage(self, begin: float, end: float, total: int) -> None:
        """The next ``total`` units of work take the fractions from ``begin`` to ``end``."""
        self._begin, self._width, self._total, self._done = begin, end - begin, max(1, total), 0

    def check(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise Cancelled(self._message)

    def advance(self, units: int = 1) -> None:
        self.check()
        self._done += units
        if self._progress is not None:
            self._progress(min(1.0, self._begin + self._width * min(self._done, self._total) / self._total))
