"""The W3C Reconciliation Service API, version 0.2 (what OpenRefine speaks), independent of the HTTP server.

`Service.answer(method, path, params, root)` takes the path below the server's root, the request's parameters
(query string, and the form fields of a POST) and the root URL the client reached, and returns a `Reply`:

    GET  /reconcile                        the manifest (JSONP with callback=)
    GET|POST /reconcile  queries=…         a batch of queries {"q0": {"query": …}, …} -> candidates
    GET|POST /reconcile  extend=…          data extension {"ids": […], "properties": […]}
    GET  /reconcile/suggest/entity|type|property?prefix=…   auto-completion (JSONP)
    GET  /reconcile/preview?id=…           the preview card (HTML)
    GET  /reconcile/propose_properties?type=…               the properties a type has (JSONP)

Everything from the client is checked before use (request.py); a bad request is a 400 with a JSON error that
names the field. Every JSON answer carries CORS headers (OpenRefine calls the manifest and suggest from the
browser); a JSONP callback must be a plain JavaScript identifier path.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from threading import BoundedSemaphore

from hadrut_kg import __version__
from hadrut_kg.reconcile import extend as X
from hadrut_kg.reconcile import keys as K
from hadrut_kg.reconcile import preview
from hadrut_kg.reconcile.index import Index
from hadrut_kg.reconcile.matching import NAME_PROPERTY, PROPERTIES, Candidate, Matcher
from hadrut_kg.reconcile.request import MAX_TEXT, RequestError, parse_batch
from hadrut_kg.vocabulary.langtags import canonical_tag
from hadrut_kg.vocabulary.namespaces import HKG

PATH = "/reconcile"
CALLBACK = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]{0,63}(?:\.[A-Za-z_$][A-Za-z0-9_$]{0,63}){0,3}")  # fullmatch
NUMBER = re.compile(r"[0-9]{1,6}")  # ASCII digits only (str.isdigit takes ² and ٣), matched whole
SUGGEST_SIZE, MAX_CURSOR = 10, 1000
JSON_TYPE = "application/json; charset=utf-8"
CORS = {"Access-Control-Allow-Origin": "*"}
BUSY_SLOTS, WAIT = 2, 10.0  # requests worked on at once (the machine's cores), seconds a request waits its turn


@dataclass
class Reply:
    status: int
    body: bytes
    content_type: str = JSON_TYPE
    headers: dict[str, str] = field(default_factory=lambda: dict(CORS))


def _json(data: object, status: int = 200) -> Reply:
    """JSON with <, > and & escaped, so no value can close a script element when the answer is read as JSONP
    or shown by a browser."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Reply(status, text.encode("utf-8"))


def error(message: str, status: int = 400) -> Reply:
    return _json({"status": "error", "message": message[:500]}, status)


def _one(params: dict[str, list[str]], name: str, required: bool = False) -> str | None:
    values = params.get(name, [])
    if len(values) > 1:
        raise RequestError(f"{name}: given {len(values)} times; give it once")
    if required and not values:
        raise RequestError(f"{name}: missing")
    return values[0] if values else None


MAX_NUMBER_DIGITS = 30  # no field of a reconciliation request needs more (a limit is a small integer)


def _number(text: str, kind):
    """A JSON number, refused past MAX_NUMBER_DIGITS: Python's int() raises ValueError past 4,300 digits."""
    if len(text) > MAX_NUMBER_DIGITS:
        raise RequestError(f"a number of {len(text)} characters; at most {MAX_NUMBER_DIGITS}")
    return kind(text)


def _json_field(params: dict[str, list[str]], name: str) -> object:
    text = _one(params, name)
    try:
        return json.loads(text, parse_int=lambda t: _number(t, int), parse_float=lambda t: _number(t, float))
    except (json.JSONDecodeError, RecursionError) as exc:
        raise RequestError(f"{name}: not JSON ({getattr(exc, 'msg', 'too deeply nested')})") from None
    except RequestError as exc:
        raise RequestError(f"{name}: {exc}") from None


class Service:
    """Reconciliation against one built dataset's places."""

    def __init__(self, index: Index):
        self.index, self.matcher = index, Matcher(index)
        self.extension = X.properties(index)
        # The properties a query may give: the matching ones and the names per language and script.
        self.query_properties = {**PROPERTIES, **{pid: v for pid, v in self.extension.items()
                                                  if pid.startswith(NAME_PROPERTY)}}
        self._slots = BoundedSemaphore(BUSY_SLOTS)

    # --- dispatch -----------------------------------------------------------------------------------------------
    @staticmethod
    def handles(path: str) -> bool:
        return path == PATH or path.startswith(PATH + "/")

    def answer(self, method: str, path: str, params: dict[str, list[str]], root: str) -> Reply:
        """The reply to one request; at most BUSY_SLOTS are worked on at once, the others wait up to WAIT
        seconds and then get 503 with Retry-After."""
        if not self._slots.acquire(timeout=WAIT):
            return Reply(503, b'{"status":"error","message":"busy; try again shortly"}', JSON_TYPE,
                         {**CORS, "Retry-After": "1"})
        try:
            return self._answer(method, path, params, root)
        finally:
            self._slots.release()

    def _answer(self, method: str, path: str, params: dict[str, list[str]], root: str) -> Reply:
        try:
            callback = _one(params, "callback")
            if callback is not None and (method != "GET" or not CALLBACK.fullmatch(callback)):
                raise RequestError("callback: expected a JavaScript identifier (letters, digits, _ and $, dotted), "
                                   "on a GET request")
            reply = self._route(method, path[len(PATH):], params, root.rstrip("/"))
        except RequestError as exc:
            return error(str(exc))
        if callback is not None and reply.status == 200 and reply.content_type == JSON_TYPE:
            body = b"/**/" + callback.encode() + b"(" + reply.body + b");"
            return Reply(200, body, "application/javascript; charset=utf-8",
                         {**CORS, "X-Content-Type-Options": "nosniff"})
        return reply

    def _route(self, method: str, rest: str, params: dict[str, list[str]], root: str) -> Reply:
        if rest in ("", "/"):
            if "queries" in params:
                return _json(self.reconcile(_json_field(params, "queries")))
            if "extend" in params:
                return _json(X.extend(self.index, _json_field(params, "extend")))
            if method != "GET":
                raise RequestError("POST needs a form field 'queries' or 'extend'")
            return _json(self.manifest(root))
        if method != "GET":
            return error(f"{PATH}{rest[:100]} answers GET only", 405)
        if rest.startswith("/suggest/") and rest[9:] in ("entity", "type", "property"):
            return _json(self.suggest(rest[9:], params))
        if rest == "/preview":
            return self.preview(_one(params, "id", required=True) or "")
        if rest == "/propose_properties":
            return _json(self.propose(params))
        return error(f"no such reconciliation path: {PATH}{rest[:100]}", 404)

    # --- manifest -----------------------------------------------------------------------------------------------
    def types(self) -> list[dict]:
        return [{"id": t.id, "name": t.name, **({"description": t.description} if t.description else {}),
                 **({"broader": [{"id": b, "name": self.index.types[b].name} for b in t.broader]}
                    if t.broader else {})} for t in self.index.types.values()]

    def manifest(self, root: str) -> dict:
        service = root + PATH
        return {
            "versions": ["0.2"],
            "name": "Hadrut KG places (names in every script)",
            "identifierSpace": self.index.minted.entity_ns,
            "schemaSpace": HKG,
            "serviceVersion": __version__,
            "defaultTypes": [{"id": t["id"], "name": t["name"]} for t in self.types()],
            "view": {"url": self.index.minted.entity_ns + "{{id}}"},
            "preview": {"url": service + "/preview?id={{id}}", "width": preview.WIDTH, "height": preview.HEIGHT},
            "suggest": {kind: {"service_url": service, "service_path": f"/suggest/{kind}"}
                        for kind in ("entity", "type", "property")},
            "extend": {"propose_properties": {"service_url": service, "service_path": "/propose_properties"},
                       "property_settings": X.SETTINGS},
        }

    # --- reconciliation -----------------------------------------------------------------------------------------
    def candidate(self, c: Candidate) -> dict:
        place = c.place
        described = f"name “{c.name}”; " + \
            ", ".join(self.index.types[t].name for t in place.types)
        return {"id": place.id, "name": place.label, "description": described,
                "type": [{"id": t, "name": self.index.types[t].name} for t in place.types],
                "score": c.score, "match": c.match,
                "features": [{"id": k, "value": v} for k, v in c.features.items()]}

    def reconcile(self, raw: object) -> dict:
        batch = parse_batch(raw, set(self.index.types), set(self.query_properties))
        return {key: {"result": [self.candidate(c) for c in self.matcher.candidates(q)]} for key, q in batch.items()}

    # --- suggest ------------------------------------------------------------------------------------------------
    def suggest(self, kind: str, params: dict[str, list[str]]) -> dict:
        prefix = _one(params, "prefix") or ""
        cursor = _one(params, "cursor") or "0"
        if len(prefix) > MAX_TEXT:
            raise RequestError(f"prefix: at most {MAX_TEXT} characters")
        if not NUMBER.fullmatch(cursor) or int(cursor) > MAX_CURSOR:
            raise RequestError(f"cursor: expected a whole number up to {MAX_CURSOR}")
        start = int(cursor)
        folded = K.plain(prefix)
        if kind == "type":
            found = [t for t in self.types() if K.plain(t["name"]).startswith(folded) or
                     K.plain(t["id"]).startswith(folded)]
            return {"result": [{"id": t["id"], "name": t["name"]} for t in found[start:start + SUGGEST_SIZE]]}
        if kind == "property":
            every = {**self.query_properties, **self.extension}
            found = [(pid, name, doc) for pid, (name, doc) in every.items()
                     if K.plain(name).startswith(folded) or K.plain(pid).startswith(folded)]
            return {"result": [{"id": pid, "name": name, "description": doc}
                               for pid, name, doc in found[start:start + SUGGEST_SIZE]]}
        wanted_type = _one(params, "type")
        keys = {k for pair in K.keys(prefix) for k in pair} if prefix else set()
        found = []
        for place in sorted(self.index.places.values(), key=lambda p: (p.label.casefold(), p.id)):
            if wanted_type and wanted_type != "Place" and wanted_type not in place.types:
                continue
            hit = next((n for n in place.names if n.plain.startswith(folded)), None) or \
                next((n for n in place.names if any(k.startswith(q) for pair in n.keys for k in pair for q in keys)),
                     None)
            if hit is not None or not prefix:
                extra = f"{hit.text} ({canonical_tag(hit.lang)}); " if hit is not None and hit.text != place.label else ""
                found.append({"id": place.id, "name": place.label,
                              "description": extra + ", ".join(self.index.types[t].name for t in place.types),
                              "notable": [{"id": t, "name": self.index.types[t].name} for t in place.types]})
        return {"result": found[start:start + SUGGEST_SIZE]}

    # --- preview and property proposals -------------------------------------------------------------------------
    def preview(self, eid: str) -> Reply:
        place = self.index.places.get(self.index.local(eid) or eid)
        if place is None:
            return error(f"id: no place {eid[:100]!r} in this dataset", 404)
        body = preview.card(self.index, place, self.index.minted.entity_ns + place.id, date.today().isoformat())
        return Reply(200, body, "text/html; charset=utf-8", {**CORS, "Content-Security-Policy": "default-src 'none'; "
                     "style-src 'unsafe-inline'; img-src data:"})

    def propose(self, params: dict[str, list[str]]) -> dict:
        type_id = _one(params, "type") or "Place"
        limit = _one(params, "limit") or "50"
        if type_id not in self.index.types:
            raise RequestError(f"type: expected one of {', '.join(self.index.types)}")
        if not NUMBER.fullmatch(limit):
            raise RequestError("limit: expected a whole number")
        props = [{"id": pid, "name": name, "description": doc} for pid, (name, doc) in self.extension.items()]
        return {"type": type_id, "limit": int(limit), "properties": props[:int(limit)]}
