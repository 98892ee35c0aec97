"""Where the project's files are, and where the built dataset goes.

Installed from a wheel, the ontology, shapes, queries and curated data ship inside the package
(`hadrut_kg/resources/`, copied there by setup.py when the wheel is built); in a checkout (an editable install)
they are the checkout's own top-level folders. The built dataset is `./dist` of the folder a command runs in,
unless a command is given another folder.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from hadrut_kg.errors import InputError

PACKAGE = Path(__file__).resolve().parent
_SHIPPED = PACKAGE / "resources"
ROOT = _SHIPPED if (_SHIPPED / "ontology").is_dir() else PACKAGE.parent
DATA = ROOT / "data"
ONTOLOGY = ROOT / "ontology"
ONTOLOGY_FILE = ONTOLOGY / "hadrut.ttl"
SHAPES_FILE = ONTOLOGY / "shapes.ttl"  # SHACL Core only
SPARQL_SHAPES_FILE = ONTOLOGY / "shapes-sparql.ttl"  # the SHACL-SPARQL constraints and targets
ALIGNMENT_FILE = ONTOLOGY / "wikidata-alignment.ttl"
QUERIES = ROOT / "queries"
REGIONS_FILE = DATA / "wof-regions.geojson"  # the district outlines `gazetteer --write` keeps, drawn by the maps
GAZETTEERS = ROOT / "gazetteers"  # the Who's On First extract `hadrut-kg gazetteer` reads by default
CHECKS = QUERIES / "checks"
DEFAULT_OUT = Path("dist")


def in_installed_package(path: Path | str) -> bool:
    """Whether a path lies inside the installed package (a wheel's site-packages folder), where no command may
    write: its files belong to the installer and are shared by every user of the environment."""
    return _SHIPPED.is_dir() and Path(path).resolve().is_relative_to(PACKAGE)


class UnsafeFile(InputError):
    """A path that is no regular file to read (a device, FIFO, socket or folder), a link leading out of the
    folder it must stay in, or a file over its size bound. The message is the reason, without the path."""


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _opened_path(fd: int) -> Path | None:
    """Where an open file descriptor really points (Linux /proc); None where the system does not say."""
    try:
        return Path(os.readlink(f"/proc/self/fd/{fd}"))
    except OSError:
        return None


def read_regular(path: Path, limit: int, inside: Path | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; UnsafeFile otherwise. `inside`: the folder the
    resolved path must stay in (a symlink out of it is refused). Decided on what the file system says of the
    opened file (fstat), so a file swapped after the check cannot slip through; a FIFO is opened without
    blocking and refused, never read."""
    path = Path(path)
    if inside is not None:
        real, root = path.resolve(), Path(inside).resolve()
        if not real.is_relative_to(root):
            raise UnsafeFile(f"a link to {real}, outside {inside}; data files must be inside their folder")
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    try:
        if inside is not None:  # again on the file actually opened: a link swapped in after the check is caught
            opened = _opened_path(fd)
            if opened is not None and not opened.is_relative_to(root):
                raise UnsafeFile(f"a link to {opened}, outside {inside}; data files must be inside their folder")
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
            raise UnsafeFile(f"{kind}, not a regular file")
        chunks, size = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > limit:
                raise UnsafeFile(f"larger than {limit} bytes")
            chunks.append(chunk)
    finally:
        os.close(fd)
