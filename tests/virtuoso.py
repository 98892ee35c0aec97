"""Debian's Virtuoso 7 (`virtuoso-opensource`) for tests: `virtuoso-t` on 127.0.0.1 with free ports, a minimal
virtuoso.ini and its database in a temporary folder, stopped (and the folder removed) afterwards; `isql-vt` for
the bulk loader. The account is Virtuoso's built-in `dba` with its default password, reachable only from
127.0.0.1 for the life of the test session."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path


import tools

from hadrut_kg.stores.oxigraph_server import free_port

USER, PASSWORD = "dba", "dba"

INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = ., {db}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 0
ThreadsPerQuery = 1
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 4
MaxClientConnections = 4
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 120
"""


def require(tool: str) -> str:
    """The tool's path; when it is missing, a skip naming the Debian package (a failure under CI=true)."""
    found = shutil.which(tool)
    if found is None:
        tools.missing("virtuoso")
    return found


class Virtuoso:
    """One Virtuoso server with an empty database of its own."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="hadrut-virtuoso-"))
        self.sql_port, self.http_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.http_port}"
        self.gsp = self.url + "/sparql-graph-crud-auth"  # Digest-authenticated Graph Store endpoint
        self.query = self.url + "/sparql"
        self.update = self.url + "/sparql-auth"  # Digest-authenticated SPARQL (Update) endpoint
        self.proc = None

    def __enter__(self) -> "Virtuoso":
        ini = self.folder / "virtuoso.ini"
        ini.write_text(INI.format(db=self.folder, sql_port=self.sql_port, http_port=self.http_port))
        self.proc = subprocess.Popen([require("virtuoso-t"), "+foreground", "+configfile", str(ini)],
                                     cwd=self.folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                log = (self.folder / "virtuoso.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"virtuoso-t exited with code {self.proc.returncode}:\n{log}")
            try:
                with urllib.request.urlopen(self.query + "?query=ASK%7B%7D", timeout=2):
                    return self
            except OSError:
                time.sleep(0.3)
        self.__exit__()
        raise RuntimeError("Virtuoso did not answer within 90 s")

    def isql(self, *statements: str) -> str:
        """Run SQL statements through isql-vt; returns its output, raising on an error."""
        done = subprocess.run([require("isql-vt"), f"127.0.0.1:{self.sql_port}", USER, PASSWORD,
                               "exec=" + " ".join(statements)], capture_output=True, text=True, timeout=300)
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql-vt failed: {done.stdout[-1500:]}{done.stderr[-1500:]}")
        return done.stdout

    def bulk_load(self, trig: Path) -> str:
        """Load a TriG file with Virtuoso's bulk loader (ld_dir + rdf_loader_run), as its manual says."""
        folder = self.folder / "bulk"
        folder.mkdir(exist_ok=True)
        shutil.copy(trig, folder / trig.name)
        out = self.isql(f"ld_dir('{folder}', '{trig.name}', 'urn:hadrut-kg:bulk-default');", "rdf_loader_run();",
                        "checkpoint;", "SELECT ll_state, ll_error FROM DB.DBA.LOAD_LIST;")
        return out

    def __exit__(self, *exc) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.folder, ignore_errors=True)
