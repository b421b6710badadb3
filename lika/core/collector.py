"""Pausing Python's cyclic garbage collector while bulk work builds millions of small objects.

A bulk quote or a month's payment run builds a tuple, dictionary or dataclass for every person,
period and explanation step. None of them refer to each other in a circle, so reference counting
frees them all; but the cyclic collector, triggered by the sheer number of allocations, walks every
living object again and again, and at 100,000 households that took a third of the quote's time.
:func:`collection_paused` turns it off for such work and back on afterwards.

The collector is one per process, shared by a web worker's threads, so pauses are counted: it is
turned off by the first of overlapping pauses and on again by the last, and only if it was on.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0
_was_enabled = False


@contextmanager
def collection_paused() -> Iterator[None]:
    """Runs the block with the cyclic garbage collector off (reference counting still frees memory).

    >>> import gc
    >>> with collection_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    global _pauses, _was_enabled  # noqa: PLW0603 - one collector per process, so one count
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()
