"""The Oxigraph server (the `oxigraph` package from PyPI): a maintained SPARQL 1.1 Query/Update/Graph Store
server, the same engine as the embedded store, so local and served answers agree. `OxigraphServer` starts a
read-write one (tests, benchmarks, the Graph Store Protocol target of `load`); `hadrut-kg serve` is endpoint.py.
The server's stderr goes to a file, never to a pipe nobody reads (a full pipe blocks every worker)."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from hadrut_kg.queries.catalogue import QueryError


def binary() -> str:
    """The oxigraph executable installed beside this Python, or on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.exists():
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise QueryError("the oxigraph server is not installed; `pip install -e .` installs it")
    return found


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen, limit: float = 20.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise QueryError(f"the oxigraph server exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise QueryError(f"the oxigraph server did not answer at {url} within {limit:g} s")


class OxigraphServer:
    """A read-write Oxigraph server on 127.0.0.1 and a free port, with its database in a temporary folder."""

    def __init__(self, location: Path | None = None, host: str = "127.0.0.1", port: int | None = None,
                 read_only: bool = False, timeout_s: int | None = None):
        self._tmp = None if location else tempfile.TemporaryDirectory(prefix="hadrut-oxigraph-")
        self.location = Path(location or self._tmp.name)
        self.host, self.port = host, port or free_port(host)
        self.read_only, self.timeout_s = read_only, timeout_s
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def query_endpoint(self) -> str:
        return self.url + "/query"

    @property
    def store_endpoint(self) -> str:
        return self.url + "/store"

    def start(self) -> "OxigraphServer":
        cmd = [binary(), "serve-read-only" if self.read_only else "serve", "--location", str(self.location),
               "--bind", f"{self.host}:{self.port}"]
        if self.timeout_s:
            cmd += ["--timeout-s", str(self.timeout_s)]
        self._log = tempfile.TemporaryFile(prefix="hadrut-oxigraph-log-")
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=self._log)
        try:
            wait_until_up(self.query_endpoint + "?query=ASK%7B%7D", self.proc)
        except QueryError as exc:
            self._log.seek(0)
            lines = self._log.read(1 << 16).decode("utf-8", "replace").strip().splitlines()
            reason = next((line for line in lines if "rror" in line), lines[0] if lines else "")
            raise QueryError(f"{exc}: {reason.strip()[:300]}" if reason else str(exc)) from None
        return self

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def kill(self) -> None:
        if self.proc:
            self.proc.kill()
            self.proc.wait()
            self.proc = None

    def close(self) -> None:
        self.stop()
        if getattr(self, "_log", None):
            self._log.close()
        if self._tmp:
            self._tmp.cleanup()

    def __enter__(self) -> "OxigraphServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()
