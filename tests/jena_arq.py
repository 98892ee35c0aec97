"""Apache Jena ARQ from Debian's jars (`libapache-jena-java`), run once per data file over many queries by
tests/jena/RunQueries.java with the JDK's source launcher.

Debian's jena-core relocates Jena's copy of Xerces to the package `xerces.` but leaves its message resources
under `org/apache/jena/ext/xerces/`, so Jena fails at start-up ("internal error" in XSSimpleTypeDecl); the fix
here copies those .properties files to the relocated path in a folder put first on the class path. The slf4j
bindings that clash with each other in /usr/share/java are left off the class path."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import tools

JARS = Path("/usr/share/java")
RUNNER = Path(__file__).resolve().parent / "jena" / "RunQueries.java"
CLASHING = ("log4j-over-slf4j", "slf4j-log4j12", "slf4j-jdk14", "slf4j-nop", "slf4j-simple", "slf4j-reload4j")


def classpath(fix_folder: Path) -> str:
    core = JARS / "jena-core.jar"
    if shutil.which("java") is None or not core.exists():
        tools.missing("jena")
    prefix = "org/apache/jena/ext/xerces/"
    with zipfile.ZipFile(core) as jar:
        for name in jar.namelist():
            if name.startswith(prefix) and name.endswith(".properties"):
                target = fix_folder / "xerces" / name[len(prefix):]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(name))
    return ":".join([str(fix_folder), debian_jars()])


def debian_jars() -> str:
    """Every jar Debian installed, less the slf4j bindings that clash (a class path for any Java library)."""
    return ":".join(str(j) for j in sorted(JARS.glob("*.jar")) if not j.name.startswith(CLASHING))


def run_queries(data: Path, mode: str, queries: dict[str, str], folder: Path) -> dict[str, bytes | str]:
    """Run each query (name → text) over `data` ("graph": its triples; "union": the union of a TriG file's named
    graphs); return name → SPARQL JSON results, or the error message Jena gave."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for name, text in queries.items():
        path = folder / f"{name}.rq"
        path.write_text(text, encoding="utf-8")
        files.append(str(path))
    done = subprocess.run(["java", "-cp", classpath(folder / "fix"), str(RUNNER), str(data), mode, str(folder),
                           *files], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    out: dict[str, bytes | str] = {}
    for name in queries:
        result, error = folder / f"{name}.srj", folder / f"{name}.error"
        out[name] = result.read_bytes() if result.exists() else error.read_text(encoding="utf-8")
    return out
