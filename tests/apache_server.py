"""Debian's Apache 2.4 started for a test: on 127.0.0.1, a given port, a configuration written into a folder of
the test's, in the foreground and its own session (on shutdown Apache signals its whole process group, which
would otherwise include pytest). Used in front of the static site (the namespace's .htaccess) and as a Basic
authentication proxy in front of an Oxigraph server."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import tools

APACHE = Path("/usr/sbin/apache2")
MODULES = Path("/usr/lib/apache2/modules")


def require_apache() -> None:
    """Skip on a workstation without Apache (naming the package); fail under CI=true, where .ci/setup installs it."""
    if not APACHE.exists():
        tools.missing("apache2")


@contextmanager
def apache(folder: Path, port: int, modules: list[str], body: str, ready: Callable[[], bool]):
    """Run Apache with `body` after the common header and the named modules (mod_NAME.so) loaded; wait until
    `ready()` is true (at most 10 s), then yield; stop it afterwards."""
    require_apache()
    loads = "\n".join(f"LoadModule {name}_module {MODULES}/mod_{name}.so" for name in ["mpm_prefork", "authz_core",
                                                                                       *modules])
    conf = folder / "httpd.conf"
    conf.write_text(f"""ServerRoot "{folder}"
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
{loads}
{"User www-data" if os.geteuid() == 0 else ""}
{"Group www-data" if os.geteuid() == 0 else ""}
PidFile {folder}/httpd.pid
ErrorLog {folder}/error.log
{body}
""")
    proc = subprocess.Popen([str(APACHE), "-f", str(conf), "-DFOREGROUND"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        for _ in range(100):
            if ready():
                break
            time.sleep(0.1)
        else:
            log = folder / "error.log"
            raise AssertionError(log.read_text() if log.exists() else "Apache did not start; no error log")
        yield
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
