"""`hadrut-kg build`: validate the curated data and write the published dataset; then regenerate the derived
files the previous build folder held (exports, map, charts), so a rebuild never silently drops them and they
always describe the new dataset."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from hadrut_kg.cli import options
from hadrut_kg.paths import DEFAULT_OUT


def add(commands) -> None:
    b = commands.add_parser("build", help="validate the curated data and write the published RDF files")
    options.data(b)
    b.add_argument("--out", default=str(DEFAULT_OUT), metavar="DIR",
                   help="the folder to write the dataset into (default: ./dist)")
    b.add_argument("--force", action="store_true",
                   help="replace --out even when it is not a folder hadrut-kg wrote (everything in it is deleted)")
    options.base(b)
    options.progress(b)
    b.set_defaults(func=run)

    r = commands.add_parser("release", help="build, then gather a folder ready to deposit in an archive: dumps "
                                            "(plain and gzip), VoID/DCAT, ontology, shapes, CITATION.cff, "
                                            "CHANGELOG.md, LICENSE and SHA256SUMS")
    options.data(r)
    r.add_argument("--out", default="release", metavar="DIR",
                   help="where to write the release folder hadrut-kg-VERSION/ (default: ./release); the build "
                        "it is made from goes to a temporary folder, not ./dist")
    r.add_argument("--force", action="store_true",
                   help="replace the release folder even when it is not one hadrut-kg wrote (all in it is deleted)")
    options.base(r)
    r.set_defaults(func=run_release)


def run(args: argparse.Namespace) -> int:
    from hadrut_kg.build import build
    from hadrut_kg.cli.exports import derived_files, regenerate
    from hadrut_kg.rdf.publish import check_output

    started = time.perf_counter()
    out = Path(args.out)
    check_output(out, args.force, reading=(Path(args.data),))  # before any work; again at the swap
    before = derived_files(out)
    result = build(out, args.base, data_dir=Path(args.data), progress=options.reporter(args), force=args.force)
    for name in result.files:
        print(f"wrote {out / name}")
    print(f"{result.triples} triples, {result.quads} quads in {len(result.graphs)} named graphs "
          "(each graph's count in void.ttl)")
    phases = ", ".join(f"{k} {v:.2f}s" for k, v in result.timings.items())
    print(f"SHACL: conforms; built in {time.perf_counter() - started:.2f}s ({phases})")
    if before:
        return regenerate(out, before, args.base, options.reporter(args))
    return 0


def run_release(args: argparse.Namespace) -> int:
    from hadrut_kg.release import release

    folder, _ = release(Path(args.out), args.base, Path(args.data), force=args.force)
    for path in sorted(folder.iterdir()):
        if not path.name.startswith("."):  # the marker is not part of the release
            print(f"wrote {path}")
    print(f"release {folder.name} is ready; check it with: cd {folder} && sha256sum -c SHA256SUMS")
    return 0
