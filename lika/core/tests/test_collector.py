"""The cyclic garbage collector's pause (lika.core.collector)."""

from __future__ import annotations

import gc
import threading

from lika.core.collector import collection_paused


def test_overlapping_pauses_turn_the_collector_on_again_only_when_the_last_ends() -> None:
    first_in, second_done = threading.Event(), threading.Event()
    seen: list[bool] = []

    def second() -> None:
        first_in.wait()
        with collection_paused():
            seen.append(gc.isenabled())
        second_done.set()

    worker = threading.Thread(target=second)
    worker.start()
    with collection_paused():
        first_in.set()
        second_done.wait()
        seen.append(gc.isenabled())  # the second pause ended while this one still runs
    worker.join()
    assert seen == [False, False]
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_is_on_again_after_an_error() -> None:
    try:
        with collection_paused():
            raise ValueError("stop")
    except ValueError:
        pass
    assert gc.isenabled()
