"""Cross-origin reads (the Fetch standard's CORS protocol) for a read-only server: any origin may read what the
server publishes anyway — query answers, documents, pages — so browser clients on other origins (YASGUI,
Sparnatural, a notebook) can use it. Credentials are never allowed (`*` forbids them), nothing that writes is
opened, and the check of the Host header (DNS rebinding) comes first: CORS only lets a page read a server it could
already reach by name."""

from __future__ import annotations

READ = {"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "ETag, Location, Retry-After"}
MAX_AGE = "600"  # seconds a browser may keep a preflight's answer


def preflight(methods: str) -> dict[str, str]:
    """The answer to an OPTIONS preflight for a path that may be read with `methods`."""
    return {"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": methods,
            "Access-Control-Allow-Headers": "Accept, Content-Type", "Access-Control-Max-Age": MAX_AGE,
            "Allow": methods}
