"""What `serve` lets in: open connections (in total and per client address), query slots (in total and per
client, so a few slow queries from one address cannot lock every other client out), the bytes of finished
answers waiting for slow readers (one budget across all connections), and the Host names it answers to (a page
on another site that rebinds its DNS name to 127.0.0.1 sends its own name as Host, and is refused).

Each bound answers at once (True/False); the caller turns a refusal into a 503 (or 421 for a Host). A request is
read through a `DeadlineReader`: its line, headers and body together within one deadline, however slowly
the bytes trickle in."""

from __future__ import annotations

import io
import ipaddress
import socket
import threading
import time
from collections import Counter


class Gate:
    """A count with a total bound and a bound per key (the client's address)."""

    def __init__(self, total: int, per_key: int):
        self.total, self.per_key = total, per_key
        self._held: Counter[str] = Counter()
        self._sum = 0
        self._lock = threading.Lock()

    def enter(self, key: str) -> bool:
        with self._lock:
            if self._sum >= self.total or self._held[key] >= self.per_key:
                return False
            self._held[key] += 1
            self._sum += 1
            return True

    def leave(self, key: str) -> None:
        with self._lock:
            self._held[key] -= 1
            self._sum -= 1
            if self._held[key] <= 0:
                del self._held[key]


class Budget:
    """Bytes held at once across all connections: an answer that does not fit is refused, not queued — except
    when nothing else is held, so one answer larger than the whole budget (a big dump) can still go out alone."""

    def __init__(self, limit: int):
        self.limit, self.used = limit, 0
        self._lock = threading.Lock()

    def take(self, size: int) -> bool:
        with self._lock:
            if self.used and self.used + size > self.limit:
                return False
            self.used += size
            return True

    def give(self, size: int) -> None:
        with self._lock:
            self.used -= size


def fair_share(workers: int) -> int:
    """Query slots one client address may hold: half of them (at least one), so others always find one free."""
    return max(1, workers // 2)


def host_names(host: str, port: int) -> frozenset[str] | None:
    """The Host header values `serve` answers when bound to `host`:`port`; None (any) for a wildcard address,
    which is reachable under names this process cannot know."""
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        address = None
    if address is not None and address.is_unspecified:
        return None
    names = {host.lower()}
    if host == "localhost" or (address is not None and address.is_loopback):
        names |= {"localhost", "127.0.0.1", "[::1]"}
    if address is not None and address.version == 6:
        names = {n if n.startswith("[") or ":" not in n else f"[{n}]" for n in names}
    return frozenset(names | {f"{n}:{port}" for n in names})


class DeadlineReader(io.RawIOBase):
    """The socket's bytes with a deadline for the whole request, not only for each read: every read waits at
    most until the deadline (and at most `per_read` seconds), and one past it raises TimeoutError. `start(seconds)`
    sets the deadline for the next request; the socket's own timeout (`per_read`, used by writes) is restored
    after each read."""

    def __init__(self, sock: socket.socket, per_read: float):
        self.sock, self.per_read, self.deadline = sock, per_read, None

    def start(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        wait = self.per_read
        if self.deadline is not None:
            wait = min(wait, self.deadline - time.monotonic())
            if wait <= 0:
                raise TimeoutError("the request was not sent in time")
        self.sock.settimeout(wait)
        try:
            return self.sock.recv_into(buffer)
        finally:
            self.sock.settimeout(self.per_read)
