"""How far a long job has got, and whether to stop it: what an export ticks as it goes.

A writer wraps its main loop in ``steps.each(items, total, unit)``. After every ``every``
items (and after the last) it reports ``progress(done, total, unit)`` (``total`` is None when
unknown) and, once ``cancelled()`` is true, raises :class:`~annotator.errors.Cancelled`. Writers
loop inside :func:`annotator.outputs.atomic_output` (or before it), so a cancelled export
removes its temporary file and replaces nothing; ``steps.check()`` just before the block ends is
the last moment to stop before the rename. ``cancelled`` is polled, so it must be cheap (a
``threading.Event.is_set``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Optional, TypeVar

from .errors import Cancelled

T = TypeVar("T")

CANCELLED = "The export was cancelled; nothing was written."


@dataclass(frozen=True)
class Steps:
    progress: Optional[Callable[[int, Optional[int], str], None]] = None
    cancelled: Optional[Callable[[], bool]] = None

    def check(self) -> None:
        """Raise :class:`Cancelled` if the user has cancelled."""
        if self.cancelled is not None and self.cancelled():
            raise Cancelled(CANCELLED)

    def step(self, done: int, total: Optional[int] = None, unit: str = "documents") -> None:
        self.check()
        if self.progress is not None:
            self.progress(done, total, unit)

    def each(self, items: Iterable[T], total: Optional[int] = None, unit: str = "documents",
             every: int = 1) -> Iterator[T]:
        """``items``, with a step after every ``every`` of them and after the last."""
        self.check()
        done = 0
        for item in items:
            yield item
            done += 1
            if done % every == 0:
                self.step(done, total, unit)
        if done % every:
            self.step(done, total, unit)


NO_STEPS = Steps()
