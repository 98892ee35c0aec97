"""Offline batch reconciliation of a CSV file (`hadrut-kg reconcile FILE.csv --column NAME`), for users without
OpenRefine: the same Service as /reconcile, fed the file's rows in batches of 10, and the same extension.

The output is the input with columns added: hk_id, hk_name, score, match (the first candidate; `match` true only
as the service would set it), then one column per extension property asked for (several values joined by " | ").
Added cells are made safe for spreadsheets. The input is untrusted: its size, encoding, header and every cell
of the named column are checked, and a problem is one error naming the file, line and column.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hadrut_kg.exports.spreadsheet import safe_row
from hadrut_kg.reconcile import extend as X
from hadrut_kg.reconcile.request import MAX_TEXT, RequestError
from hadrut_kg.reconcile.service import Service

MAX_BYTES = 32 << 20
MAX_ROWS = 200_000
BATCH = 10
ADDED = ["hk_id", "hk_name", "score", "match"]


class BatchError(ValueError):
    """The CSV file or the options cannot be used; the message names the file, line and column."""


@dataclass
class Summary:
    rows: int
    matched: int
    out: Path


def _read(path: Path, column: str, located_in: str | None) -> tuple[list[str], list[list[str]]]:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise BatchError(f"{path}: cannot read: {exc.strerror}") from None
    if size > MAX_BYTES:
        raise BatchError(f"{path}: {size} bytes; at most {MAX_BYTES >> 20} MiB")
    try:
        text = path.read_bytes().decode("utf-8-sig")
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
    for line, row in enumerate(body, start=2):
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
        ids = sorted({t["id"] for t in tops if t})
        settings = {"date": day} if day else {}
        for start in range(0, len(ids), 100):
            if extend:
                values.update(X.extend(service.index, {"ids": ids[start:start + 100], "properties": [
                    {"id": pid, **({"settings": settings} if pid == "relations-on-date" else {})}
                    for pid in extend]})["rows"])
    except RequestError as exc:
        raise BatchError(f"{path}: {exc}") from None
    lines = [header + ADDED + extend]
    for row, top in zip(body, tops):
        added = ["", "", "", "false"] if top is None else [top["id"], top["name"], f"{top['score']:g}",
                                                          "true" if top["match"] else "false"]
        for pid in extend:
            found = values.get(top["id"], {}).get(pid, []) if top else []
            added.append(" | ".join(str(v.get("str", v.get("float", v.get("name", "")))) for v in found))
        lines.append(row + [""] * (len(header) - len(row)) + safe_row(added))
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=".reconcile-", suffix=".csv", dir=out.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows(lines)
        os.replace(temp, out)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return Summary(len(body), sum(1 for t in tops if t and t["match"]), out)
