"""The ontology's terms as its documentation shows them, read from the published Turtle and the built dataset.

`read_terms` gathers, for every class, property, concept scheme and SKOS concept the ontology defines (its own
namespace): label, comment, kind, super- and sub-terms, domain, range, the other vocabularies' terms it builds on
(rdfs:seeAlso, and skos:exactMatch/closeMatch from the Wikidata alignment that the dataset carries), and which
resources of the data use it (instances of a class or of its sub-classes; subjects of a property; subjects
whose value is a concept). The data's usage is read from `hadrut.nt` (or `hadrut.trig`) with the ontology's own
triples left out, so an example is always a resource of the data, never a term of the ontology.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from hadrut_kg.errors import StoreError
from hadrut_kg.vocabulary.namespaces import HKG, ONTOLOGY_IRI, OWL, RDF, RDFS, SKOS

DCTERMS_LICENSE = "http://purl.org/dc/terms/license"
KINDS = {OWL + "Class": "class", OWL + "ObjectProperty": "object property",
         OWL + "DatatypeProperty": "datatype property", OWL + "AnnotationProperty": "annotation property",
         SKOS + "ConceptScheme": "concept scheme"}
MATCHES = (SKOS + "exactMatch", SKOS + "closeMatch")
MAX_EXAMPLES = 4
# an example's display label: the first of these it has, English first
LABELS = (RDFS + "label", "http://purl.org/dc/terms/title")


class OntologyDocError(StoreError):
    """The ontology or the dataset could not be read; the message names the file."""


@dataclass
class Term:
    iri: str
    kind: str  # class | object property | datatype property | annotation property | concept scheme | concept
    label: str = ""
    comment: str = ""
    supers: list[str] = field(default_factory=list)  # rdfs:subClassOf / rdfs:subPropertyOf
    subs: list[str] = field(default_factory=list)
    domain: list[str] = field(default_factory=list)
    range: list[str] = field(default_factory=list)
    see_also: list[str] = field(default_factory=list)
    matches: list[tuple[str, str]] = field(default_factory=list)  # (skos:exactMatch | skos:closeMatch, IRI)
    concept_class: list[str] = field(default_factory=list)  # a concept's class (hkg:NameKind …)
    scheme: list[str] = field(default_factory=list)  # a concept's skos:inScheme
    members: list[str] = field(default_factory=list)  # a scheme's (or a concept class's) concepts
    domain_of: list[str] = field(default_factory=list)  # a class: properties with it as domain
    range_of: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)  # resources of the data using the term
    uses: int = 0  # how many resources of the data use it
    statements: list[str] = field(default_factory=list)  # a property: statements with it as rdf:predicate
    stated: int = 0

    @property
    def local(self) -> str:
        return self.iri[len(HKG):]


@dataclass
class OntologyDoc:
    iri: str
    label: str
    comment: str
    version_iri: str | None
    version_info: str | None
    licence: str | None
    terms: dict[str, Term]  # IRI -> term, the ontology's own
    external: dict[str, list[str]]  # another vocabulary's term -> the ontology's terms that refer to it
    labels: dict[str, tuple[str, str | None]]  # a data resource's IRI -> (rdfs:label, its language)
    external_use: dict[str, int] = field(default_factory=dict)  # another vocabulary's term -> data resources using it

    def of_kind(self, *kinds: str) -> list[Term]:
        return sorted((t for t in self.terms.values() if t.kind in kinds), key=lambda t: t.local.lower())


def _parse(path: Path, fmt: ox.RdfFormat) -> list:
    try:
        return list(ox.parse(path=str(path), format=fmt))
    except (OSError, SyntaxError, ValueError) as exc:
        raise OntologyDocError(f"{path}: cannot be read as {fmt}: {exc}") from None


def _text(node) -> tuple[str, str | None]:
    return (node.value, node.language) if isinstance(node, ox.Literal) else (str(node.value), None)


def _english(values: list) -> str:
    """The English text among literal values (else the first one), so the page is in one language."""
    texts = sorted((_text(v) for v in values), key=lambda tv: (tv[1] != "en", tv[1] or "", tv[0]))
    return texts[0][0] if texts else ""


def read_terms(ontology_ttl: Path, dataset_dir: Path) -> OntologyDoc:
    triples = _parse(ontology_ttl, ox.RdfFormat.TURTLE)
    about: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for t in triples:
        if isinstance(t.subject, ox.NamedNode):
            about[t.subject.value][t.predicate.value].append(t.object)
    if ONTOLOGY_IRI not in about:
        raise OntologyDocError(f"{ontology_ttl}: no owl:Ontology <{ONTOLOGY_IRI}>")
    terms: dict[str, Term] = {}
    for iri, props in about.items():
        if not iri.startswith(HKG) or len(iri) == len(HKG):
            continue
        types = {o.value for o in props.get(RDF + "type", [])}
        kind = next((KINDS[k] for k in KINDS if k in types), "concept" if props.get(SKOS + "inScheme") else None)
        if kind is None:
            continue
        term = Term(iri, kind, _english(props.get(RDFS + "label", [])), _english(props.get(RDFS + "comment", [])))
        names = lambda p: sorted(o.value for o in props.get(p, []) if isinstance(o, ox.NamedNode))  # noqa: E731
        term.supers = names(RDFS + "subClassOf") + names(RDFS + "subPropertyOf")
        term.domain, term.range, term.see_also = names(RDFS + "domain"), names(RDFS + "range"), names(RDFS + "seeAlso")
        term.scheme = names(SKOS + "inScheme")
        term.concept_class = sorted(t for t in types if t.startswith(HKG)) if kind == "concept" else []
        term.matches = [(p, o) for p in MATCHES for o in names(p)]
        terms[iri] = term
    _link_terms(terms)
    onto = about[ONTOLOGY_IRI]
    first = lambda p: next((_text(o)[0] for o in onto.get(p, [])), None)  # noqa: E731
    doc = OntologyDoc(ONTOLOGY_IRI, _english(onto.get(RDFS + "label", [])), _english(onto.get(RDFS + "comment", [])),
                      first(OWL + "versionIRI"), first(OWL + "versionInfo"), first(DCTERMS_LICENSE), terms,
                      _external(terms), {})
    _read_usage(doc, {t.subject.value for t in triples if isinstance(t.subject, ox.NamedNode)}, dataset_dir)
    return doc


def _link_terms(terms: dict[str, Term]) -> None:
    """The inverse links: sub-terms, the properties a class is the domain or range of, a scheme's members."""
    for term in terms.values():
        for sup in term.supers:
            if sup in terms:
                terms[sup].subs.append(term.iri)
        for cls in term.domain:
            if cls in terms:
                terms[cls].domain_of.append(term.iri)
        for cls in term.range:
            if cls in terms:
                terms[cls].range_of.append(term.iri)
        for owner in term.scheme + term.concept_class:
            if owner in terms:
                terms[owner].members.append(term.iri)
    for term in terms.values():
        for values in (term.subs, term.domain_of, term.range_of, term.members):
            values.sort(key=lambda iri: iri.lower())


def _external(terms: dict[str, Term]) -> dict[str, list[str]]:
    """Every other vocabulary's term the ontology's terms build on, with the terms that refer to it."""
    refs: dict[str, set[str]] = defaultdict(set)
    for term in terms.values():
        for iri in term.supers + term.domain + term.range + term.see_also + [o for _, o in term.matches]:
            if not iri.startswith(HKG):
                refs[iri].add(term.iri)
    return {iri: sorted(refs[iri]) for iri in sorted(refs)}


def _dataset_triples(dataset_dir: Path) -> list:
    for name, fmt in (("hadrut.nt", ox.RdfFormat.N_TRIPLES), ("hadrut.trig", ox.RdfFormat.TRIG)):
        if (dataset_dir / name).is_file():
            return _parse(dataset_dir / name, fmt)
    raise OntologyDocError(f"{dataset_dir}: no hadrut.nt or hadrut.trig (run `hadrut-kg build` first)")


def _read_usage(doc: OntologyDoc, ontology_subjects: set[str], dataset_dir: Path) -> None:
    """Fill each term's examples and count from the data; take the Wikidata alignment the dataset carries."""
    instances: dict[str, set[str]] = defaultdict(set)
    users: dict[str, set[str]] = defaultdict(set)  # a property or a concept -> the data resources using it
    statements: dict[str, set[str]] = defaultdict(set)  # a property -> the statements with it as rdf:predicate
    label_rank: dict[str, tuple[int, bool]] = {}
    for t in _dataset_triples(dataset_dir):
        s, p, o = t.subject, t.predicate.value, t.object
        if not isinstance(s, ox.NamedNode):
            continue
        subject = s.value
        if subject in doc.terms and p in MATCHES and isinstance(o, ox.NamedNode):
            if (p, o.value) not in doc.terms[subject].matches:
                doc.terms[subject].matches.append((p, o.value))
            continue
        if subject in ontology_subjects or subject.startswith(ONTOLOGY_IRI):
            continue
        if p == RDF + "type":
            instances[o.value].add(subject)
            continue
        users[p].add(subject)
        if isinstance(o, ox.NamedNode) and o.value in doc.terms:
            (statements if p == RDF + "predicate" else users)[o.value].add(subject)
        if p in LABELS and isinstance(o, ox.Literal):
            rank = (LABELS.index(p), o.language != "en")
            if subject not in label_rank or rank < label_rank[subject]:
                label_rank[subject], doc.labels[subject] = rank, (o.value, o.language)
    for term in doc.terms.values():
        if term.kind == "class":
            used = set().union(*(instances[c] for c in _with_subclasses(doc.terms, term.iri)))
        else:
            used = users[term.iri]
        term.uses, term.examples = len(used), sorted(used)[:MAX_EXAMPLES]
        term.stated, term.statements = len(statements[term.iri]), sorted(statements[term.iri])[:MAX_EXAMPLES]
    for term in doc.terms.values():
        term.matches.sort()
    doc.external_use = {iri: len(users[iri]) + len(instances[iri]) for iri in doc.external}


def _with_subclasses(terms: dict[str, Term], iri: str) -> set[str]:
    found, todo = set(), [iri]
    while todo:
        cls = todo.pop()
        if cls not in found:
            found.add(cls)
            todo.extend(terms[cls].subs if cls in terms else [])
    return found
