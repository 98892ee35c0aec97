"""Run one function in a forked, killable worker process under hard limits: wall-clock time (the parent kills it),
CPU time (RLIMIT_CPU), address space (RLIMIT_AS), output size (the parent stops reading and kills it), and no
network unless asked for (a fresh network namespace). The worker dies with its parent (PR_SET_PDEATHSIG), whatever
signal the parent gets, SIGKILL included.

Why a process: a query runs inside the engine (Rust) and cannot be interrupted from Python; Oxigraph's own time
limit is cooperative and misses some query shapes. Killing a process always works, and its memory goes with it.
The parent always reads the worker's pipe while waiting, so the worker never blocks on a full pipe.
"""

from __future__ import annotations

import ctypes
import os
import resource
import select
import signal
import threading
import time
from dataclasses import dataclass

from hadrut_kg.errors import HadrutKGError, QueryError

PR_SET_PDEATHSIG = 1
CLONE_NEWUSER, CLONE_NEWNET = 0x10000000, 0x40000000
_FORK_LOCK = threading.Lock()  # one fork at a time in a threaded server


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def die_with_parent(parent: int) -> None:
    """In a forked child: get SIGKILL when the parent exits; exit now if it already has."""
    try:
        _libc().prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the parent still kills its workers on every exit path
        pass
    if os.getppid() != parent:
        os._exit(1)


def cut_network() -> bool:
    """In a forked (single-threaded) child: move into an empty network namespace, so nothing can be reached.
    True when that worked (root, or unprivileged user namespaces)."""
    libc = _libc()
    for flags in (CLONE_NEWNET, CLONE_NEWUSER | CLONE_NEWNET):
        try:
            if libc.unshare(flags) == 0:
                return True
        except (OSError, AttributeError):
            return False
    return False


def network_cut_available() -> bool:
    """Whether a worker can be cut off the network here (a forked child tries it): False in containers that
    refuse user namespaces, where a worker would otherwise run with the host's network."""
    pid = os.fork()
    if pid == 0:
        os._exit(0 if cut_network() else 1)
    _, status = os.waitpid(pid, 0)
    return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0


def _virtual_size() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


@dataclass
class Outcome:
    """What the worker produced: `status` is "ok", "error" (message in `body`), "timeout", "memory" (the worker
    was killed by a signal, most likely an allocation failing at the memory limit), or "too-large" (more output
    than allowed)."""
    status: str
    body: bytes = b""
    signal: int | None = None


def run(fn, timeout: float, memory_bytes: int | None = None, max_output: int | None = None,
        network: bool = False, quiet: bool = False, require_cut: bool = False) -> Outcome:
    """Call fn() -> bytes in a worker; fn may raise a HadrutKGError (its message is the error text; anything else is "query failed: …"). `memory_bytes`
    caps what the worker may allocate on top of what it inherits; `max_output` caps the bytes read back.
    `require_cut`: without `network`, refuse to run fn at all when the worker cannot be cut off the network."""
    parent = os.getpid()
    read_end, write_end = os.pipe()
    with _FORK_LOCK:
        pid = os.fork()
    if pid == 0:  # the worker
        code = 1
        try:
            os.close(read_end)
            die_with_parent(parent)
            if quiet:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, 2)
            cpu = int(timeout) + 2
            resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
            if memory_bytes:
                limit = _virtual_size() + memory_bytes
                resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            cut = network or cut_network()
            try:
                if not cut and require_cut:
                    raise QueryError("refused: the query worker could not be cut off the network")
                status, body = b"ok", fn()
            except MemoryError:
                status, body = b"memory", b""
            except HadrutKGError as exc:  # the user's error, its own words; anything else below
                status, body = b"error", str(exc).encode("utf-8", "replace")
            except Exception as exc:  # noqa: BLE001 — whatever the engine raised, as one line for the client
                status, body = b"error", f"query failed: {exc}".encode("utf-8", "replace")
            view = memoryview(status + b"\n" + body)
            while view:
                view = view[os.write(write_end, view):]
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    return _collect(pid, read_end, timeout, max_output)


def _collect(pid: int, fd: int, timeout: float, max_output: int | None) -> Outcome:
    chunks, size, deadline = [], 0, time.monotonic() + timeout
    verdict = None
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                verdict = "timeout"
                break
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if max_output is not None and size > max_output + 16:
                verdict = "too-large"
                break
    except BaseException:  # e.g. Ctrl-C: the worker goes too
        verdict = "interrupted"
        raise
    finally:
        os.close(fd)
        if verdict:
            _kill(pid)
        _, wait_status = os.waitpid(pid, 0)
    if verdict:
        return Outcome(verdict)
    data = b"".join(chunks)
    head, sep, body = data.partition(b"\n")
    if os.WIFSIGNALED(wait_status) or not sep:
        sig = os.WTERMSIG(wait_status) if os.WIFSIGNALED(wait_status) else None
        if sig == signal.SIGXCPU:
            return Outcome("timeout", signal=sig)
        if sig is None:  # exited without an answer (interrupted): not a memory problem
            return Outcome("error", b"the query worker stopped without an answer")
        return Outcome("memory", signal=sig)  # SIGABRT: an allocation failed at RLIMIT_AS (Rust aborts)
    if max_output is not None and len(body) > max_output:
        return Outcome("too-large")
    return Outcome(head.decode("ascii", "replace"), body)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
