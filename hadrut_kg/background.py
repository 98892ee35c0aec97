"""Run a function in a forked child process: to use the second core (SHACL validation beside serialization) and
to stop work that cannot be interrupted from Python (a query inside the engine) after a time limit."""

from __future__ import annotations

import multiprocessing
import os
import time

from hadrut_kg.sandbox import die_with_parent


class ChildFailed(RuntimeError):
    """The child raised; the message names the exception."""


class ChildTimeout(TimeoutError):
    """The child did not finish in time and was stopped."""


def _run(conn, fn, parent: int) -> None:
    die_with_parent(parent)  # a killed build or query takes its worker with it
    try:
        started = time.perf_counter()
        value = fn()
        conn.send((True, value, time.perf_counter() - started))
    except Exception as exc:  # noqa: BLE001 — handed to the parent
        try:
            conn.send((False, exc, 0.0))
        except Exception:  # noqa: BLE001 — an exception that cannot be pickled travels as its text
            conn.send((False, ChildFailed(f"{type(exc).__name__}: {exc}"), 0.0))
    finally:
        conn.close()


class Background:
    """fn() running in a forked child; result() waits for it (at most `timeout` seconds) and returns its value,
    or raises the exception it raised. The value must be picklable. `elapsed` is the child's own running time."""

    def __init__(self, fn):
        ctx = multiprocessing.get_context("fork")
        self._receiver, sender = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(target=_run, args=(sender, fn, os.getpid()), daemon=True)
        self._proc.start()
        sender.close()
        self.elapsed = 0.0

    def result(self, timeout: float | None = None):
        try:
            if not self._receiver.poll(timeout):
                raise ChildTimeout(f"stopped after {timeout:g} s")
            ok, value, self.elapsed = self._receiver.recv()
        finally:
            if self._proc.is_alive():
                self._proc.kill()
            self._proc.join()
            self._receiver.close()
        if not ok:
            raise value
        return value
