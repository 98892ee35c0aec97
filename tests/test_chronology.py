"""Derived time: bounds follow from the stated dates and the stated order, are published as derived with what
they rest on, never widen a stated bound, and an order that contradicts the dates stops the build."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import build_scope
from hadrut_kg import api
from hadrut_kg.chronology.derive import derive
from hadrut_kg.cli.main import main
from hadrut_kg.curated.errors import DataError
from hadrut_kg.curated.loader import load_data
from hadrut_kg.paths import DATA
from test_bad_input import SOURCES as ONE_SOURCE

HKG = "https://w3id.org/hadrut-kg/ontology#"
ID = "https://w3id.org/hadrut-kg/id/"
STMT = "https://w3id.org/hadrut-kg/statement/"

# The one-document registry of the bad-input tests, plus a second document to cite an order from.
SOURCES = ONE_SOURCE + textwrap.indent(textwrap.dedent("""\
      - id: other
        iri: https://example.org/other
        title: Another document
        publisher: Example
        licence: https://creativecommons.org/licenses/by-sa/4.0/
        role: secondary
        sections:
          - id: lead
            title: Lead
    """), "  ")


def events(tmp_path: Path, body: str):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    (folder / "events.yaml").write_text("events:\n" + textwrap.indent(textwrap.dedent(body), "  "), encoding="utf-8")
    return load_data(folder)


def test_after_and_during_narrow_to_a_fixed_point(tmp_path):
    data = events(tmp_path, """\
        - {id: war, type: Event, event_type: war, label: War, cite: doc/lead, date: "2020"}
        - {id: siege, type: Event, event_type: battle, label: Siege, cite: doc/lead,
           facts: [{p: partOfEvent, o: war}, {p: precededBy, o: truce}]}
        - {id: truce, type: Event, event_type: agreement, label: Truce, cite: doc/lead, date: "2020-11-09"}
        - {id: talks, type: Event, event_type: agreement, label: Talks, cite: doc/lead,
           facts: [{p: precededBy, o: siege, cite: other/lead}]}
        """)
    chron = derive(data)
    siege, talks = chron.events["siege"], chron.events["talks"]
    # during the war (latest 2020-12-31), after the truce (earliest 2020-11-09)
    assert (siege.earliest.day, siege.latest.day) == ("2020-11-09", "2020-12-31")
    assert siege.earliest.derived and siege.latest.derived
    assert siege.earliest.basis == {"siege--precededBy--truce", "truce--date--2020-11-09"}
    # after the siege, two steps away from the truce's date
    assert (talks.earliest.day, talks.latest) == ("2020-11-09", None)
    assert talks.earliest.basis == {"talks--precededBy--siege", "siege--precededBy--truce", "truce--date--2020-11-09"}
    assert [e for e, _ in sorted(chron.rank.items(), key=lambda kv: kv[1])] == ["war", "truce", "siege", "talks"]


def test_a_contradictory_order_names_both_statements_and_their_sources(tmp_path):
    data = events(tmp_path, """\
        - {id: truce, type: Event, event_type: agreement, label: Truce, cite: doc/lead, date: "2020-11-09"}
        - {id: siege, type: Event, event_type: battle, label: Siege, cite: doc/lead, date: "2020-10",
           facts: [{p: precededBy, o: truce, cite: other/lead}]}
        """)
    with pytest.raises(DataError) as caught:
        derive(data)
    assert [str(p) for p in caught.value.problems] == [
        "data/events.yaml:4: record 'siege' field 'precededBy': the order 'siege' after 'truce' contradicts the "
        "dates, leaving 'siege' no possible day: earliest 2020-11-09, from 'siege--precededBy--truce' "
        "(data/events.yaml:4, other/lead); 'truce--date--2020-11-09' (data/events.yaml:2, doc/lead); latest "
        "2020-10-31, from 'siege--date--2020-10' (data/events.yaml:3, doc/lead)"]


def test_the_build_stops_on_a_contradictory_order_and_writes_nothing(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    events_file = data / "events.yaml"
    text = events_file.read_text(encoding="utf-8")
    anchor = "      - {p: eventType, o: deportation}\n"
    assert text.count(anchor) == 1
    # Operation Ring (May–June 1991) placed after the capture of Hadrut city in 2020
    events_file.write_text(text.replace(anchor, "      - {p: precededBy, o: capture-of-hadrut-city-2020}\n" + anchor),
                           encoding="utf-8")
    out = tmp_path / "dist"
    code = main(["build", "--data", str(data), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    # The capture, during the 2020 war (Wikipedia), would fall before May–June 1991 (Operation Ring's dates): the
    # error names the order that breaks, and every statement each bound rests on, with file, line and source.
    assert "contradicts the dates, leaving 'capture-of-hadrut-city-2020' no possible day: earliest 2020-01-01" in err
    assert "'second-karabakh-war--date--2020' (data/events.yaml:" in err
    assert "'operation-ring--date--1991-05-to-1991-06' (data/events.yaml:" in err
    assert "'operation-ring--precededBy--capture-of-hadrut-city-2020' (data/events.yaml:" in err
    assert "wikipedia/history)" in err and "wikimapia/description)" in err
    assert "Traceback" not in err


@pytest.fixture(scope=build_scope)
def store(built):
    return api.load(built.out)


def solutions(store, query: str) -> list[tuple]:
    prefix = f"PREFIX hkg: <{HKG}> PREFIX hk: <{ID}> PREFIX stmt: <{STMT}> "
    return sorted(tuple(t.value for t in row) for row in store.query(prefix + query))


def test_a_derived_bound_is_marked_and_names_what_it_rests_on(store):
    rows = solutions(store, """SELECT ?day ?basis ?from WHERE {
        hk:peacekeepers-leave-khtsaberd-enclave hkg:timeBounds ?b .
        ?b hkg:earliestDate ?day ; hkg:earliestBasis ?basis ; hkg:earliestFrom ?from . }""")
    assert rows == [("2020-11-13", HKG + "derived", STMT + "peacekeepers-leave-khtsaberd-enclave--precededBy--peacekeepers-take-khtsaberd-enclave"),
                    ("2020-11-13", HKG + "derived", STMT + "peacekeepers-take-khtsaberd-enclave--date--2020-11-13")]
    # "soon they left", undated: no later than Wikimapia was written (its copy was taken 2026-11-22)
    latest = solutions(store, """SELECT ?day ?basis ?from WHERE {
        hk:peacekeepers-leave-khtsaberd-enclave hkg:timeBounds ?b .
        ?b hkg:latestDate ?day ; hkg:latestBasis ?basis ; hkg:latestFrom ?from . }""")
    assert latest == [("2026-11-22", HKG + "writingBound", "http://wikimapia.org/41531854/Hadrut-District")]
    stated = solutions(store, """SELECT ?basis ?from WHERE {
        hk:operation-ring hkg:timeBounds/hkg:latestBasis ?basis . hk:operation-ring hkg:timeBounds/hkg:latestFrom ?from }""")
    assert stated == [(HKG + "stated", STMT + "operation-ring--date--1991-05-to-1991-06")]


def test_derived_bounds_never_widen_a_stated_one():
    data = load_data()
    chron = derive(data)
    stated = {}
    for f in data.facts:
        if f.prop == "date" and "alternativeTo" not in f.qualifiers:  # an ambiguous sentence's readings bound nothing
            stated.setdefault(f.subject, []).append(f.obj.value)
    checked = 0
    for event, dates in stated.items():
        w = chron.events[event]
        for d in dates:
            if d.earliest:  # every source's stated window contains the published one
                assert w.earliest is not None and w.earliest.day >= d.earliest.day, event
            if d.latest:
                assert w.latest is not None and w.latest.day <= d.latest.day, event
            checked += 1
    for f in data.facts:
        for key, table in (("start", chron.starts), ("end", chron.ends)):
            if key in f.qualifiers:
                given, w = f.qualifiers[key].value, table[f.id]
                if given.earliest:
                    assert w.earliest.day >= given.earliest.day, f.id
                if given.latest:
                    assert w.latest.day <= given.latest.day, f.id
                checked += 1
    assert checked >= 26  # 15 dated events (17 dates) and 9 stated starts and ends


def test_the_stores_see_the_bounds_in_their_own_graph(store):
    graphs = solutions(store, """SELECT DISTINCT ?g WHERE { GRAPH ?g { ?b a hkg:TimeBounds } }""")
    assert graphs == [("https://w3id.org/hadrut-kg/graph/chronology",)]
    assert isinstance(store, ox.Store)


def test_a_cycle_behind_a_date_edge_is_one_problem_not_a_traceback(tmp_path):
    """Two events dated 2020 each stated after the other, and a 2021 event listed first that a third follows: the
    report of the cycle once raised StopIteration (the event it picked had no order fact of its own)."""
    data = events(tmp_path, """\
        - {id: later, type: Event, event_type: war, label: Later, cite: doc/lead, date: "2021"}
        - {id: a, type: Event, event_type: war, label: A, cite: doc/lead, date: "2020", facts: [{p: precededBy, o: b}]}
        - {id: b, type: Event, event_type: war, label: B, cite: doc/lead, date: "2020", facts: [{p: precededBy, o: a}]}
        - {id: c, type: Event, event_type: war, label: C, cite: doc/lead, facts: [{p: precededBy, o: later}]}
        """)
    with pytest.raises(DataError) as caught:
        derive(data)
    assert [str(p) for p in caught.value.problems] == [
        "data/events.yaml:3: record 'a' field 'precededBy': the stated order of events runs in a circle through "
        "this event"]
