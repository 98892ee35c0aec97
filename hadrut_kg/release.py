"""A release: a fresh build's published files, gathered in one folder ready to deposit in an archive (Zenodo and
the like): the dumps plain and gzip-compressed, the VoID/DCAT description (each dump's size and SHA-256), the
ontology and shapes, CHANGELOG.md, LICENSE, a CITATION.cff with the package's version, and SHA256SUMS, which
`sha256sum -c SHA256SUMS` checks."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path

from hadrut_kg import __released__, __version__
from hadrut_kg.build import BuildResult, build
from hadrut_kg.paths import DATA, ROOT
from hadrut_kg.rdf.publish import atomic_directory, check_output
from hadrut_kg.rdf.void import LICENCE, PUBLISHER, distributions

DESCRIPTION = ["ontology.ttl", "shapes.ttl", "shapes-sparql.ttl", "void.ttl", "wikidata-alignment.ttl"]
BY_HAND = ["CHANGELOG.md", "LICENSE"]  # copied from the project as they are


def citation(base: str) -> str:
    """CITATION.cff (Citation File Format 1.2.0) for this version of the dataset."""
    return "\n".join([
        "cff-version: 1.2.0",
        'message: "If you use this dataset, please cite it as below."',
        "type: dataset",
        'title: "Hadrut KG"',
        f'version: "{__version__}"',
        f"date-released: {__released__}",
        "authors:",
        f'  - name: "{PUBLISHER}"',
        "license: CC-BY-SA-4.0",
        f'license-url: "{LICENCE}"',
        f'url: "{base}"',
        'abstract: "Places, names in several languages and scripts, events, and time-bounded, sourced administrative,'
        ' control and claim statements about Hadrut District (1930-1991) and Hadrut Province (1991-2020)."',
        "keywords:",
        *(f'  - "{k}"' for k in ("Hadrut", "Nagorno-Karabakh", "historical gazetteer", "linked data")),
        "",
    ])


def release(out: Path, base: str, data_dir: Path = DATA, force: bool = False) -> tuple[Path, BuildResult]:
    """Build `data_dir` afresh (in a temporary folder: ./dist is left alone), then write
    `out`/hadrut-kg-VERSION/, replacing it only when it is a release this tool wrote (or `force`): an unpacked
    source release has the same name. Return that folder and the build's result."""
    folder = out / f"hadrut-kg-{__version__}"
    check_output(folder, force, reading=(data_dir,))  # before the build; again at the swap
    with tempfile.TemporaryDirectory() as tmp:
        dataset = Path(tmp) / "dist"
        result = build(dataset, base, data_dir=data_dir)
        with atomic_directory(folder, force) as staged:
            for name in [*distributions(), *DESCRIPTION]:
                shutil.copyfile(dataset / name, staged / name)
            for name in BY_HAND:
                shutil.copyfile(ROOT / name, staged / name)
            (staged / "CITATION.cff").write_text(citation(base), encoding="utf-8")
            sums = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}\n" for p in sorted(staged.iterdir())]
            (staged / "SHA256SUMS").write_text("".join(sums), encoding="utf-8")
    return folder, result
