"""What `serve` lets in: open connections (in total and per client address), query slots (in total and per
client, so a few slow queries from one address cannot lock every other client out), the bytes of finished
answers waiting for slow readers (one budget across all connections), and the Host names it answers to (a page
on another site that rebinds its DNS name to 127.0.0.1 sends its own name as Host, and is refused).

Each bound answers at once (True/False); the caller turns a refusal into a 503 (or 421 for a Host). A request
must arrive whole (line, headers and body) within one deadline, however slowly its bytes trickle in
(`RequestDeadline`); every loopback address counts as one client (`client_key`)."""

from __future__ import annotations

import ipaddress
import socket
import threading
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


def client_key(address: str) -> str:
    """The key of a client for the per-client caps: its address, except that every loopback address (127.0.0.0/8,
    ::1, ::ffff:127.x.y.z) is one client — any local process may send from any of them."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return address
    if getattr(ip, "ipv4_mapped", None) is not None:
        ip = ip.ipv4_mapped
    return "loopback" if ip.is_loopback else str(ip)


REQUEST_SECONDS = 15.0  # the whole request (line, headers, body) must arrive within this time


class RequestDeadline:
    """One total deadline for reading a request, however the bytes trickle in (a per-read timeout restarts with
    each byte): when it passes before `done()`, the socket's reading side is shut, so a blocked read ends at once,
    and `expired` says so (the handler answers 408 and closes)."""

    def __init__(self, sock: socket.socket, seconds: float = REQUEST_SECONDS):
        self.expired, self._done, self._sock = False, False, sock
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def _expire(self) -> None:
        with self._lock:
            if self._done:
                return
            self.expired = True
        try:
            self._sock.shutdown(socket.SHUT_RD)
        except OSError:
            pass

    def done(self) -> bool:
        """The request has been read: stop the clock; True when it came within the deadline."""
        with self._lock:
            self._done = True
        self._timer.cancel()
        return not self.expired
