"""The one HTTP client of every command that talks to a server (`load`, `query --endpoint`, `link`, `enrich`).

Rules, the same for all: credentials (Basic, Digest when the server's challenge asks for it, or a bearer token)
go only to the origins (scheme, host, port) of the endpoints the user named — a redirect elsewhere is followed
without them, and only for GET/HEAD (a redirected upload or form is an error); no proxy variables and no ~/.netrc
are read (`trust_env` off); no cookies are kept (one set by any server is dropped: a cookie ignores ports); every
request has one deadline for the whole exchange, redirects and a server trickling its answer included (the
exchange runs in a thread the caller stops waiting for); an answer is read up to a bound. Text from a server is
cleaned of control and bidi characters before anyone prints it.
"""

from __future__ import annotations

import http.cookiejar
import re
import socket
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

import requests
from requests.auth import HTTPBasicAuth, HTTPDigestAuth
from urllib3.exceptions import LocationParseError
from urllib3.util import parse_url

from hadrut_kg import __version__
from hadrut_kg.stores.credentials import Auth
from hadrut_kg.vocabulary.text import visible

USER_AGENT = f"hadrut-kg/{__version__} (https://w3id.org/hadrut-kg/; requests)"
REDIRECTS = {301, 302, 303, 307, 308}
MAX_REDIRECTS = 5
def printable(text: str) -> str:
    """`text` with control, bidi and zero-width characters shown as U+XXXX (newlines and tabs kept)."""
    return visible(text)


def origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) as requests will connect: read with urllib3's parser on the URL requests prepares,
    not with urllib.parse, which reads `http://A\\@B/` as host B while the connection goes to A."""
    parts = parse_url(requests.Request("GET", url).prepare().url)
    scheme = (parts.scheme or "").lower()
    return scheme, (parts.host or "").lower().strip("[]"), parts.port or {"http": 80, "https": 443}.get(scheme)


def _urlsplit_origin(url: str) -> tuple[str, str, int | None]:
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or {"http": 80, "https": 443}.get(scheme)


class TooLarge(Exception):
    """The answer is larger than the bound; reading stopped."""


class Redirected(Exception):
    """A non-GET request was redirected (its body is not sent on), or there were too many redirects."""

    def __init__(self, location: str | None):
        super().__init__(location or "too many redirects")
        self.location = location


class BadLocation(Redirected):
    """A redirect to an address that is no valid http(s) URL (a port out of range, another scheme)."""


def valid_url(url: str) -> str | None:
    """None for a usable http(s) URL with a host; else what is wrong with it, in a few words."""
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 — raises ValueError for a port out of range or not a number
    except ValueError as exc:
        return str(exc) or "not a URL"
    if parts.scheme.lower() not in ("http", "https"):
        return "not an http or https URL"
    if not parts.hostname:
        return "no host"
    try:
        if origin(url) != _urlsplit_origin(url):
            return "an address read as two different hosts (a backslash or similar before '@')"
    except (requests.RequestException, LocationParseError, ValueError) as exc:
        return str(exc) or "not a URL"
    return None


class Deadline(requests.Timeout):
    """The whole exchange took longer than its deadline."""


@dataclass
class Answer:
    status: int
    reason: str
    headers: dict
    body: bytes
    url: str


class _Bearer(requests.auth.AuthBase):
    def __init__(self, token: str):
        self.token = token

    def __call__(self, request):
        request.headers["Authorization"] = f"Bearer {self.token}"
        return request


@dataclass
class Client:
    """HTTP to the servers the user named: credentials pinned to their origins, time limits, bounded reads."""

    auth: Auth
    endpoints: tuple[str, ...]
    timeout: float = 60.0
    retries: int = 3
    backoff: float = 0.5
    session: requests.Session = field(default_factory=requests.Session)
    _schemes: dict = field(default_factory=dict)

    def __post_init__(self):
        self.session.trust_env = False  # no ~/.netrc credentials or proxy settings picked up unasked
        # no cookies kept: a cookie ignores ports, so one set by any server would go to every other on its host
        self.session.cookies = requests.cookies.RequestsCookieJar(
            policy=http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
        self.session.headers["User-Agent"] = USER_AGENT
        self._trusted = {origin(e) for e in self.endpoints}
        self._lock = threading.Lock()

    def trusted(self, url: str) -> bool:
        return origin(url) in self._trusted

    def credentials(self, url: str):
        """The requests auth object for this URL: none outside the trusted origins."""
        if not self.trusted(url):
            return None
        if self.auth.token:
            return _Bearer(self.auth.token)
        if self.auth.user is None:
            return None
        key = origin(url)
        with self._lock:
            if key not in self._schemes:
                scheme = self.auth.scheme
                if scheme == "auto":
                    scheme = "basic"
                    try:
                        probe = self.session.head(url, timeout=min(self.timeout, 10), allow_redirects=False)
                        if probe.status_code == 401 and "digest" in probe.headers.get("WWW-Authenticate", "").lower():
                            scheme = "digest"
                    except requests.RequestException:
                        pass  # the real request reports the failure
                self._schemes[key] = (HTTPDigestAuth if scheme == "digest" else HTTPBasicAuth)(
                    self.auth.user, self.auth.password or "")
            return self._schemes[key]

    def use_digest(self, url: str) -> None:
        """The server refused Basic: Digest from now on for this origin."""
        with self._lock:
            self._schemes[origin(url)] = HTTPDigestAuth(self.auth.user, self.auth.password or "")

    def send(self, method: str, url: str, body: bytes | None = None, headers: dict | None = None,
             limit: int = 1 << 20, timeout: float | None = None) -> Answer:
        """One exchange (redirects of a GET/HEAD followed, without credentials off the trusted origins), ended at
        `timeout` seconds whatever the server does; raises requests' errors, Deadline, TooLarge, Redirected."""
        timeout = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + timeout
        box: dict = {}

        def work():
            try:
                box["answer"] = self._exchange(method, url, body, headers or {}, limit, deadline, box)
            except BaseException as exc:  # noqa: BLE001 — handed to the caller's thread
                box["error"] = exc

        worker = threading.Thread(target=work, daemon=True)
        worker.start()
        worker.join(max(0.0, deadline - time.monotonic()) + 0.05)
        if worker.is_alive():
            _abort(box.get("response"))  # the worker's read fails and it ends
            raise Deadline(f"no answer within {timeout:g} s")
        if "error" in box:
            raise box["error"]
        return box["answer"]

    def _exchange(self, method, url, body, headers, limit, deadline, box) -> Answer:
        target = url
        for _ in range(MAX_REDIRECTS + 1):
            remaining = max(0.1, deadline - time.monotonic())
            response = self.session.request(method, target, data=body, headers=headers,
                                            auth=self.credentials(target), allow_redirects=False, stream=True,
                                            timeout=(min(remaining, 10.0), remaining))
            box["response"] = response
            with response:
                if response.status_code in REDIRECTS and "Location" in response.headers:
                    location = urllib.parse.urljoin(target, response.headers["Location"])
                    if valid_url(location) is not None:
                        raise BadLocation(location)
                    if method not in ("GET", "HEAD"):
                        raise Redirected(location)
                    target = location  # followed without credentials unless it is a trusted origin
                    continue
                chunks, size = [], 0
                for chunk in response.iter_content(64 * 1024):
                    size += len(chunk)
                    if size > limit:
                        raise TooLarge(f"the answer is larger than {limit} bytes")
                    if time.monotonic() > deadline:
                        raise Deadline("past the deadline")
                    chunks.append(chunk)
                return Answer(response.status_code, response.reason or "", response.headers, b"".join(chunks),
                              target)
        raise Redirected(None)


def _abort(response) -> None:
    """Shut the socket under a response another thread is reading (closing it could wait on that thread)."""
    sock = getattr(getattr(getattr(response, "raw", None), "_connection", None), "sock", None)
    try:
        if sock is not None:
            sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def retry_after(headers: dict, default: float | None) -> float | None:
    try:
        return min(float(headers["Retry-After"]), 60.0)
    except (KeyError, ValueError, TypeError):
        return default


def error_text(body: bytes, limit: int = 300) -> str:
    """A server's error body as one printable line: tags dropped, whitespace joined, bounded."""
    text = body[:20000].decode("utf-8", "replace")
    lines = [line.strip() for line in re.sub(r"<[^>]+>", "\n", text).splitlines() if line.strip()]
    joined = printable(" ".join(lines))
    return joined[:limit] + ("…" if len(joined) > limit else "")
