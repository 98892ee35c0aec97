"""Offline batch reconciliation of a CSV file (`hadrut-kg reconcile FILE.csv --column NAME`), for users without
OpenRefine: the same Service as /reconcile, fed the file's rows in batches of 10, and the same extension.

The output is the input with columns added: hk_id, hk_name, score, match (the first candidate; `match` true only
as the service would set it), then one column per extension property asked for (several values joined by " | ").
Extension cells are filled for matched rows only. Added cells are made safe for spreadsheets. The input is
untrusted: it must be a regular file (no folder, device or FIFO; read in bounded chunks), and its size, encoding,
header, row widths and every cell of the named column are checked; the output must be a new or regular file
outside /proc and /sys, written with the user's normal file mode. A problem is one error naming the file, line
and column.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hadrut_kg.errors import InputError
from hadrut_kg.exports.spreadsheet import safe_row
from hadrut_kg.paths import UnsafeFile, read_regular
from hadrut_kg.reconcile import extend as X
from hadrut_kg.reconcile.request import MAX_TEXT, RequestError
from hadrut_kg.reconcile.service import Service

MAX_BYTES = 32 << 20
MAX_ROWS = 200_000
BATCH = 10
ADDED = ["hk_id", "hk_name", "score", "match"]


class BatchError(InputError):
    """The CSV file or the options cannot be used; the message names the file, line and column."""


@dataclass
class Summary:
    rows: int
    matched: int
    out: Path


def _read(path: Path, column: str, located_in: str | None) -> tuple[list[str], list[list[str]]]:
    try:
        data = read_regular(path, MAX_BYTES)
    except UnsafeFile as exc:
        raise BatchError(f"{path}: {exc}" + (f" (at most {MAX_BYTES >> 20} MiB)" if "larger" in str(exc) else "")) \
            from None
    except OSError as exc:
        raise BatchError(f"{path}: cannot read: {exc.strerror}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BatchError(f"{path}: not UTF-8 (byte {exc.start})") from None
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise BatchError(f"{path}: not CSV: {exc}") from None
    if not rows:
        raise BatchError(f"{path}: empty; expected a header line naming the columns")
    header, body = rows[0], rows[1:]
    if len(body) > MAX_ROWS:
        raise BatchError(f"{path}: {len(body)} rows; at most {MAX_ROWS}")
    for wanted, option in ((column, "--column"), (located_in, "--located-in")):
        if wanted is not None and wanted not in header:
            raise BatchError(f"{path}:1: no column {wanted!r} ({option}); the columns are {', '.join(header)}")
    taken = sorted(set(header) & set(ADDED))
    if taken:
        raise BatchError(f"{path}:1: the file already has the column {taken[0]!r} this command adds")
    line = 1
    for line, row in enumerate(body, start=2):
        if len(row) > len(header):
            raise BatchError(f"{path}:{line}: {len(row)} cells, but the header names {len(header)} columns")
        for name in filter(None, (column, located_in)):
            i = header.index(name)
            if i < len(row) and len(row[i]) > MAX_TEXT:
                raise BatchError(f"{path}:{line}: column {name!r}: {len(row[i])} characters; at most {MAX_TEXT}")
    return header, body


def run(service: Service, path: Path, column: str, out: Path, types: list[str], extend: list[str],
        day: str | None = None, located_in: str | None = None) -> Summary:
    """Reconcile the column of every row; write the result to `out` (atomically: a failure leaves no half file)."""
    path, out = Path(path), Path(out)
    known = X.properties(service.index)
    for pid in extend:
        if pid not in known:
            raise BatchError(f"--extend {pid!r}: not a property of this service; known: {', '.join(known)}")
    _check_out(out)
    header, body = _read(path, column, located_in)
    cell = lambda row, name: row[header.index(name)] if header.index(name) < len(row) else ""  # noqa: E731
    queries = []
    for row in body:
        query: dict = {"query": cell(row, column)}
        if types:
            query["type"] = types
        if located_in and cell(row, located_in).strip():
            query["properties"] = [{"pid": "locatedIn", "v": cell(row, located_in)}]
        queries.append(query)
    tops: list[dict | None] = []
    try:
        for start in range(0, len(queries), BATCH):
            answer = service.reconcile({f"q{i}": q for i, q in enumerate(queries[start:start + BATCH])})
            tops += [(answer[f"q{i}"]["result"] or [None])[0] for i in range(len(queries[start:start + BATCH]))]
        values: dict[str, dict] = {}
        ids = sorted({t["id"] for t in tops if t and t["match"]})  # the extension is for matched rows only
        settings = {"date": day} if day else {}
        for start in range(0, len(ids), BATCH):
            if extend:
                values.update(X.extend(service.index, {"ids": ids[start:start + BATCH], "properties": [
                    {"id": pid, **({"settings": settings} if pid == "relations-on-date" else {})}
                    for pid in extend]})["rows"])
    except RequestError as exc:
        raise BatchError(f"{path}: {exc}") from None
    lines = [header + ADDED + extend]
    for row, top in zip(body, tops):
        added = ["", "", "", "false"] if top is None else [top["id"], top["name"], f"{top['score']:g}",
                                                          "true" if top["match"] else "false"]
        for pid in extend:
            found = values.get(top["id"], {}).get(pid, []) if top and top["match"] else []
            added.append(" | ".join(str(v.get("str", v.get("float", v.get("name", "")))) for v in found))
        lines.append(row + [""] * (len(header) - len(row)) + safe_row(added))
    _write(out, lines)
    return Summary(len(body), sum(1 for t in tops if t and t["match"]), out)


def _check_out(out: Path) -> None:
    """The output is a new file or a regular one to replace, in a folder, outside /proc and /sys."""
    try:
        real, exists, is_file = out.resolve(), out.exists(), out.is_file()
    except OSError as exc:
        raise BatchError(f"{out}: cannot write: {exc.strerror}") from None
    if any(real.is_relative_to(root) for root in (Path("/proc"), Path("/sys"), Path("/dev"))):
        raise BatchError(f"{out}: under /{real.parts[1]}; write the output to a regular file")
    if exists and not is_file:
        raise BatchError(f"{out}: not a regular file (a folder, device or FIFO); give a file name with --out")
    if out.parent.exists() and not out.parent.is_dir():
        raise BatchError(f"{out.parent}: not a folder")


def _write(out: Path, lines: list[list[str]]) -> None:
    """Written atomically (a failure leaves no half file), with the mode a new file gets under the umask."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".reconcile-", suffix=".csv", dir=out.parent)
    except OSError as exc:
        raise BatchError(f"{out}: cannot write: {exc.strerror}") from None
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(handle, 0o666 & ~umask)
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows(lines)
        os.replace(temp, out)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise BatchError(f"{out}: cannot write: {exc.strerror}") from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
