"""`hadrut-kg site`: the static site — every resource's page and RDF documents as files at the same relative paths
`serve` answers, each place's downloads (GeoJSON, Linked Places, CSV), the index, the ontology's documents, the
dumps, void.ttl, the namespace's `.htaccess` (in `w3id.org/hadrut-kg/`, its place in the perma-id/w3id.org
repository) and the site's own `.htaccess` at its root (media types and CORS only, redirects.site_headers).

The files are rendered by the same code as `serve`'s answers, so the two give the same bytes. The site is written
into a temporary folder beside the target and swapped in when complete (publish.atomic_directory): a failure
leaves the previous site, or nothing, never half a site.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from hadrut_kg.vocabulary.namespaces import ONTOLOGY_IRI
from hadrut_kg.rdf.publish import atomic_directory
from hadrut_kg.site import documents, pages
from hadrut_kg.site.data import SiteData
from hadrut_kg.site.negotiation import ALL, HTML, RDF_FORMATS
from hadrut_kg.site.redirects import htaccess, site_headers
from hadrut_kg.site.routes import DUMPS, TIME_MAP, OutsideSite, file_path

HTACCESS = "w3id.org/hadrut-kg/.htaccess"


def _write(folder: Path, relative: str, content: bytes) -> None:
    """Write one file below `folder`, checked on the resolved path: nothing lands outside it."""
    root = folder.resolve()
    path = (folder / relative).resolve()
    if not path.is_relative_to(root) or path == root:
        raise OutsideSite(f"{relative!r} resolves outside the site folder {folder}; nothing was written there")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def write_site(data: SiteData, out: Path, site_url: str | None, progress=None, force: bool = False) -> dict[str, int]:
    """Write the site into `out` (replacing it whole); return counts of what was written. `progress`, if given,
    hears how far the pages have got."""
    counts = {"resources": 0, "files": 0}
    with atomic_directory(out, force) as tmp:
        total = len(data.resources)
        for n, iri in enumerate(data.resources, 1):
            found = documents.triples(data, iri)  # once for the three RDF formats
            for fmt in ALL:
                body = pages.page(data, iri) if fmt is HTML else documents.serialize(data, iri, fmt, found)
                _write(tmp, file_path(data, iri, fmt), body)
                counts["files"] += 1
            counts["resources"] += 1
            if progress and (n % 200 == 0 or n == total):
                progress(f"pages and documents of {n}/{total} resources")
        for download in data.download_files.values():
            _write(tmp, download.path, download.body)
            counts["files"] += 1
        for fmt in RDF_FORMATS:
            _write(tmp, f"ontology.{fmt.ext}", documents.ontology(data, fmt))
            counts["files"] += 1
        _write(tmp, "ontology.html", pages.ontology_page(data))
        counts["files"] += 1
        _write(tmp, "index.html", pages.index_page(data))
        _write(tmp, ".htaccess", site_headers().encode())
        _write(tmp, TIME_MAP, pages.time_map(data))
        for relative, name in DUMPS.items():
            (tmp / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(data.dist / name, tmp / relative)
        counts["files"] += 2 + len(DUMPS)
        if site_url:
            version = data.ontology_version
            version_path = version[len(ONTOLOGY_IRI) + 1:] if version and version.startswith(ONTOLOGY_IRI + "/") \
                else None
            # where it goes in the perma-id/w3id.org repository; never at the site's root, where an Apache host
            # would apply it to the site itself and redirect its files onto themselves
            _write(tmp, HTACCESS, htaccess(site_url, data.base, version_path).encode())
            counts["files"] += 1
    return counts
