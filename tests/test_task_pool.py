"""The task pool (srmscan/concurrency.py): bounded threads, queued tasks run deepest first and in the order
submitted within a depth, follow-ups of work done elsewhere one step deep, failures re-raised by wait()."""

from __future__ import annotations

import threading
import time

import pytest

from srmscan.concurrency import DeepestFirst, TaskPool


def _blocked_pool(workers: int):
    """A pool whose every thread is held until `release` is set, so what is submitted meanwhile queues."""
    pool = TaskPool(workers)
    release, holding = threading.Event(), threading.Semaphore(0)

    def hold() -> None:
        holding.release()
        release.wait(10)

    for _ in range(workers):
        pool.submit(hold)
    for _ in range(workers):
        assert holding.acquire(timeout=10)
    return pool, release


def test_queued_tasks_run_deepest_first_then_in_the_order_submitted():
    pool, release = _blocked_pool(1)
    ran: list[str] = []
    lock = threading.Lock()

    def note(name: str, *follow_ups: str) -> None:
        with lock:
            ran.append(name)
        for follow_up in follow_ups:
            pool.submit(note, follow_up)

    pool.submit(note, "list a", "locate a1", "locate a2")
    pool.submit(note, "list b", "locate b1")
    pool.submit(note, "list c")
    release.set()
    pool.wait()
    pool.__exit__(None, None, None)
    # list a runs; its follow-ups go before list b and c, which waited longer at a shallower step
    assert ran == ["list a", "locate a1", "locate a2", "list b", "locate b1", "list c"]


def test_tasks_submitted_as_follow_ups_of_work_done_elsewhere_go_before_first_steps():
    pool, release = _blocked_pool(1)
    ran: list[str] = []
    pool.submit(ran.append, "own listing")
    with pool.follow_ups():   # resources another process listed
        pool.submit(ran.append, "sent resource")
    pool.submit(ran.append, "own listing 2")
    release.set()
    pool.wait()
    pool.__exit__(None, None, None)
    assert ran == ["sent resource", "own listing", "own listing 2"]


def test_no_more_threads_than_asked_and_every_task_runs():
    pool = TaskPool(3)
    at_once, most, lock = [0], [0], threading.Lock()

    def work() -> None:
        with lock:
            at_once[0] += 1
            most[0] = max(most[0], at_once[0])
        time.sleep(0.01)
        with lock:
            at_once[0] -= 1

    for _ in range(30):
        pool.submit(work)
    pool.wait()
    threads = pool._executor._threads
    pool.__exit__(None, None, None)
    assert most[0] == 3 and len(threads) == 3 and not any(thread.is_alive() for thread in threads)


def test_a_failing_task_is_re_raised_and_the_others_still_run():
    pool = TaskPool(2)
    ran: list[int] = []

    def fail() -> None:
        raise KeyError("boom")

    pool.submit(fail)
    for number in range(5):
        pool.submit(ran.append, number)
    with pytest.raises(KeyError, match="boom"):
        pool.wait()
    pool.__exit__(None, None, None)
    assert sorted(ran) == [0, 1, 2, 3, 4]


def test_shutting_down_cancels_what_is_queued_when_asked_and_refuses_more():
    executor = DeepestFirst(1, "test")
    release, ran = threading.Event(), []
    executor.submit(release.wait, 10)
    for number in range(3):
        executor.submit(ran.append, number)
    executor.shutdown(wait=False, cancel_futures=True)
    release.set()
    executor.shutdown(wait=True)
    assert ran == []
    with pytest.raises(RuntimeError, match="shut down"):
        executor.submit(ran.append, 4)


def test_a_call_that_raises_outside_a_task_group_gives_its_thread_up_and_the_pool_keeps_its_size(monkeypatch):
    import threading as threading_module

    monkeypatch.setattr(threading_module, "excepthook", lambda args: None)   # the failure is reported, not printed
    executor = DeepestFirst(1, "test")
    release = threading.Event()

    def fail_when_released() -> None:
        release.wait(10)
        raise ValueError("not in a task group")

    executor.submit(fail_when_released)
    done = threading.Event()
    executor.submit(done.set)   # queued while the only thread is busy, which then fails
    release.set()
    assert done.wait(10)   # a new thread took the failed one's place
    executor.shutdown(wait=True)
