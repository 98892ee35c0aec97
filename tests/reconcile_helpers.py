"""Shared by the reconciliation tests: the published 0.2 JSON schemas from ../shared, and requests in the shapes
OpenRefine sends (form-encoded POST of `queries` / `extend`, JSONP GET of the manifest and suggest)."""

from __future__ import annotations

import http.client
import json
import os
import urllib.parse
from pathlib import Path

import pytest

import tools

SCHEMAS = Path(__file__).resolve().parent.parent.parent / "shared" / "validators" / "reconciliation-0.2"


def validator(name: str):
    """A Draft 7 validator for one schema file, every file of the folder registered under its $id (so `type.json`
    and the Swagger schema the manifest refers to resolve offline). Skips when ../shared is absent, except under
    CI=true, where it is always there."""
    if not SCHEMAS.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{SCHEMAS} is missing under CI")
        tools.missing_shared("the Reconciliation API 0.2 schemas (validators/reconciliation-0.2)")
    from jsonschema import Draft7Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT7

    resources = []
    for path in sorted(SCHEMAS.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        resources.append((document["$id"].rstrip("#"), Resource.from_contents(document, default_specification=DRAFT7)))
    registry = Registry().with_resources(resources)
    return Draft7Validator(json.loads((SCHEMAS / name).read_text(encoding="utf-8")), registry=registry)


def valid(name: str, document: object) -> None:
    errors = sorted(validator(name).iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def request(server, method: str, path: str, form: dict | None = None, headers: dict | None = None,
            body: bytes | None = None) -> tuple[int, dict, bytes]:
    """One request; a form is sent url-encoded as OpenRefine does. (status, lower-cased headers, body)."""
    conn = http.client.HTTPConnection(*server, timeout=60)
    sent = dict(headers or {})
    if form is not None:
        body = urllib.parse.urlencode(form).encode()
        sent.setdefault("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
    try:
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def post_json(server, field: str, payload: object) -> tuple[int, object]:
    status, _, body = request(server, "POST", "/reconcile", {field: json.dumps(payload, ensure_ascii=False)})
    return status, json.loads(body)


def jsonp(body: bytes, callback: str) -> object:
    text = body.decode("utf-8")
    prefix = f"/**/{callback}("
    assert text.startswith(prefix) and text.endswith(");"), text[:80]
    return json.loads(text[len(prefix):-2])
