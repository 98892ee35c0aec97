"""HermiT, the OWL 2 DL reasoner Protégé ships, finds the ontology and the whole dataset consistent, also with
PROV-O's own axioms loaded (tests/owl/prov-o.ttl: prov:Activity and prov:Entity are disjoint, so an event —
an activity — that is prov:wasDerivedFrom something would make the dataset inconsistent).

HermiT is the jar the Owlready2 package ships (the test extra), run with the JDK. It accepts only the datatypes of
OWL 2's datatype map; the data's dates are xsd:date, xsd:gYearMonth and xsd:gYear, so it runs with
--ignoreUnsupportedDatatypes (docs/stores.md, "Loading into other tools"), and a test pins that xsd:date is the only
datatype it refuses in the ontology."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest

import tools

import rdflib

pytestmark = pytest.mark.slow  # HermiT (Java)

PROV_O = Path(__file__).resolve().parent / "owl" / "prov-o.ttl"
CONSISTENT = "http://www.w3.org/2002/07/owl#Thing is satisfiable."


def hermit(path: Path, *options: str) -> subprocess.CompletedProcess:
    """HermiT's command line checking the consistency of one ontology file (-k: is owl:Thing satisfiable)."""
    spec = importlib.util.find_spec("owlready2")
    java = shutil.which("java")
    if spec is None:
        pytest.fail("HermiT needs the Owlready2 package: pip install -e '.[test]'")
    if java is None:
        tools.missing("java")
    folder = Path(spec.submodule_search_locations[0]) / "hermit"
    classpath = f"{folder}:{folder / 'HermiT.jar'}"
    return subprocess.run([java, "-cp", classpath, "org.semanticweb.HermiT.cli.CommandLine", *options, "-k",
                           path.resolve().as_uri()], capture_output=True, text=True, timeout=600)


def verdict(done: subprocess.CompletedProcess) -> str:
    if done.returncode == 0 and done.stdout.strip() == CONSISTENT:
        return "consistent"
    if "InconsistentOntologyException" in done.stderr:
        return "inconsistent"
    return done.stderr.strip().splitlines()[0] if done.stderr.strip() else f"exit {done.returncode}"


def with_prov_o(dataset: Path, out: Path, extra: str = "") -> Path:
    """The dataset's N-Triples, PROV-O and `extra` (Turtle) in one N-Triples file for HermiT."""
    graph = rdflib.Graph().parse(PROV_O, format="turtle")
    if extra:
        graph.parse(data=extra, format="turtle")
    out.write_bytes(dataset.read_bytes() + graph.serialize(format="nt", encoding="utf-8"))
    return out


def test_hermit_finds_the_ontology_consistent(built):
    assert verdict(hermit(built.out / "ontology.ttl", "--ignoreUnsupportedDatatypes")) == "consistent"


def test_hermit_refuses_only_xsd_date_in_the_ontology(built):
    done = hermit(built.out / "ontology.ttl")
    assert "UnsupportedDatatypeException" in done.stderr
    assert "The datatype 'http://www.w3.org/2001/XMLSchema#date' is not part of the OWL 2" in done.stderr


def test_hermit_finds_the_whole_dataset_consistent_with_prov_o(built, tmp_path):
    merged = with_prov_o(built.out / "hadrut.nt", tmp_path / "with-prov-o.nt")
    assert verdict(hermit(merged, "--ignoreUnsupportedDatatypes")) == "consistent"


def test_hermit_sees_an_event_derived_from_a_source_as_a_contradiction(built, tmp_path):
    # what the dataset did before events cited their sections with dcterms:isReferencedBy
    event = next(rdflib.Graph().parse(built.out / "hadrut.nt", format="nt").subjects(
        rdflib.RDF.type, rdflib.URIRef("https://w3id.org/hadrut-kg/ontology#Event")))
    extra = f"<{event}> <http://www.w3.org/ns/prov#wasDerivedFrom> <https://example.org/a-source> ."
    merged = with_prov_o(built.out / "hadrut.nt", tmp_path / "broken.nt", extra)
    assert verdict(hermit(merged, "--ignoreUnsupportedDatatypes")) == "inconsistent"
