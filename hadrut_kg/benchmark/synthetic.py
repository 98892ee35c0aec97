"""Synthetic data for the benchmark: a data folder in the project's own YAML format, as hard as the real one.

`generate(out, scale, seed)` copies the real data/ and adds `scale` invented settlements (about 280 triples each
after mapping), each with: names in four languages and three scripts (English and Azerbaijani in Latin, Armenian,
Russian in Cyrillic, some Azerbaijani in Cyrillic) with dated historical names; uncertain EDTF dates of every kind
the real data uses (day, month, year, interval, one-of-two-days, on-or-before, on-or-after, season, unspecified
digits); a heritage site and an event; facts stated by two sources (one statement citing both) and facts on which
the sources disagree (population, coordinates). Everything invented is labelled "Synthetic" and cites invented
sources under example.org, so it can never be mistaken for a fact about the region. The same seed gives the same
files, byte for byte.

Run: python -m hadrut_kg.benchmark.synthetic --scale N --out DIR [--seed S]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path

import yaml

from hadrut_kg.paths import DATA

SOURCES = 12
_SYLLABLES = ["ka", "ra", "ber", "dzor", "gyugh", "shen", "tak", "van", "ar", "mug", "hak", "nu", "tagh", "ler",
              "khach", "sar", "ov", "zan", "bul", "kar"]
_ARMENIAN = {"a": "ա", "b": "բ", "g": "գ", "d": "դ", "e": "ե", "z": "զ", "t": "տ", "r": "ր", "i": "ի", "l": "լ",
             "k": "կ", "h": "հ", "m": "մ", "y": "յ", "n": "ն", "sh": "շ", "o": "ո", "ch": "չ", "p": "պ", "s": "ս",
             "v": "վ", "u": "ու", "kh": "խ", "gh": "ղ", "dz": "ձ", "zh": "ժ"}
_CYRILLIC = {"a": "а", "b": "б", "g": "г", "d": "д", "e": "е", "z": "з", "t": "т", "r": "р", "i": "и", "l": "л",
             "k": "к", "h": "г", "m": "м", "y": "й", "n": "н", "sh": "ш", "o": "о", "ch": "ч", "p": "п", "s": "с",
             "v": "в", "u": "у", "kh": "х", "gh": "г", "dz": "дз", "zh": "ж"}


def _script(text: str, table: dict[str, str]) -> str:
    """Write a Latin name in another script, digraphs first."""
    out, i = [], 0
    while i < len(text):
        pair = text[i:i + 2].lower()
        if pair in table:
            out.append(table[pair])
            i += 2
        else:
            out.append(table.get(text[i].lower(), text[i]))
            i += 1
    result = "".join(out)
    return result[:1].upper() + result[1:]


def _day(rng: random.Random, first: int, last: int) -> str:
    return f"{rng.randint(first, last):04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _uncertain(rng: random.Random, kind: int, year: int) -> str:
    """One EDTF date of each kind the real data uses, by `kind`, around `year`."""
    month, day = rng.randint(1, 12), rng.randint(1, 27)
    return [
        f"{year:04d}-{month:02d}-{day:02d}",  # a day
        f"{year:04d}-{month:02d}",  # a month
        f"{year:04d}",  # a year
        f"{year:04d}-{month:02d}/{year + 1:04d}-{month:02d}",  # an interval of months
        f"[{year:04d}-{month:02d}-{day:02d},{year:04d}-{month:02d}-{day + 1:02d}]",  # one of two days
        f"[..{year:04d}-{month:02d}-{day:02d}]",  # on or before
        f"[{year:04d}-{month:02d}-{day:02d}..]",  # on or after
        f"{year:04d}-{rng.randint(21, 24)}",  # a season
        f"[..{year:04d}]",  # before a year
        f"{year // 10:03d}X",  # a decade, unspecified digit
    ][kind % 10]


def _sources() -> list[dict]:
    return [{"id": f"syn-source-{k}", "iri": f"https://example.org/synthetic/source/{k}",
             "title": f"Synthetic source {k}", "publisher": "Synthetic benchmark data",
             "licence": "https://creativecommons.org/licenses/by-sa/4.0/", "role": "secondary",
             "sections": [{"id": "article", "title": "Article"}, {"id": "table", "title": "Table"}]}
            for k in range(SOURCES)]


def _settlement(rng: random.Random, i: int) -> tuple[list[dict], list[dict], list[dict]]:
    """One settlement, its heritage site and event (places, events) and a second source's record (secondary)."""
    sid, src, other = f"syn-{i}", f"syn-source-{i % SOURCES}", f"syn-source-{(i + 5) % SOURCES}"
    stem = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))
    latin = f"{stem.capitalize()} {i}"
    old = latin
    while old == latin:  # the historical name differs from the current one
        old = f"{''.join(rng.choice(_SYLLABLES) for _ in range(2)).capitalize()} {i}"
    renamed = rng.randint(1925, 1990)
    names = [
        {"text": latin, "lang": "en", "kind": "common"},
        {"text": f"{latin}i", "lang": "az", "kind": "official", "start": _uncertain(rng, i, renamed)},
        {"text": _script(latin, _ARMENIAN), "lang": "hy", "kind": "official"},
        {"text": _script(latin, _CYRILLIC), "lang": "ru", "kind": "official"},
        {"text": old, "lang": "en", "kind": "historical", "end": f"{renamed:04d}"},
    ]
    if i % 3 == 0:
        names.append({"text": _script(f"{latin}i", _CYRILLIC), "lang": "az-Cyrl", "kind": "official"})
    lat, lon = round(rng.uniform(39.3, 39.7), 6), round(rng.uniform(46.7, 47.2), 6)
    facts = [
        {"p": "placeType", "o": "village"},
        {"p": "locatedIn", "o": "hadrut-province"},
        {"p": "partOf", "o": "hadrut-district", "start": _uncertain(rng, 3 * i + 1, rng.randint(1931, 1960))},
        {"p": "population", "v": rng.randint(50, 3000), "as_of": _uncertain(rng, 2, rng.randint(1970, 2015))},
        {"p": "controlledBy", "o": "azerbaijan", "start": _uncertain(rng, i + 4, 2020),
         "applies_to_part": "the synthetic north", "cite": f"{src}/table"},
        {"p": "controlledBy", "o": "republic-of-artsakh", "start": _uncertain(rng, 2 * i + 5, 1992),
         "end": _uncertain(rng, i + 7, 2020)},
        {"p": "coordinates", "lat": lat, "lon": lon, "as_written": f"{lat} {lon}"},
        {"p": "elevationMetres", "v": rng.randint(400, 2200)},
        {"p": "listedNearby", "o": f"syn-{i - 1}" if i else "hadrut", "distance_km": round(rng.uniform(1, 40), 1)},
        {"p": "characterisation", "v": f"synthetic settlement number {i}"},
    ]
    settlement = {"id": sid, "type": "Settlement", "label": f"Synthetic settlement {latin}", "cite": f"{src}/article",
                  "names": names, "facts": facts}
    site = {"id": f"{sid}-church", "type": "HeritageSite", "label": f"Synthetic church of {latin}",
            "cite": f"{src}/article",
            "names": [{"text": f"Church of {latin}", "lang": "en", "kind": "common"},
                      {"text": f"{_script(latin, _ARMENIAN)} եկեղեցի", "lang": "hy", "kind": "official"}],
            "facts": [{"p": "placeType", "o": "church"}, {"p": "locatedIn", "o": sid},
                      {"p": "constructionDate", "o": [f"{rng.randint(10, 18)}XX", f"{rng.randint(1100, 1800)}",
                                                      "1241/1248"][i % 3]}]}
    event = {"id": f"{sid}-capture", "type": "Event", "event_type": "capture",
             "label": f"Synthetic capture of {latin}", "cite": f"{src}/article",
             "date": _uncertain(rng, i + 3, rng.randint(1991, 2020)),
             "facts": [{"p": "location", "o": sid}, {"p": "affected", "o": sid},
                       {"p": "participant", "o": "azerbaijan", "role": "synthetic side"},
                       {"p": "partOfEvent", "o": "karabakh-conflict"}]}
    second = {"about": sid, "cite": f"{other}/article",
              "names": [{"text": latin, "lang": "en", "kind": "common"},  # the same name: one node citing both
                        {"text": f"{latin}i", "lang": "az", "kind": "official", "start": names[1]["start"]}],
              "facts": [{"p": "locatedIn", "o": "hadrut-province"},  # the same fact: one statement citing both
                        {"p": "population", "v": rng.randint(50, 3000),  # a disagreement: another figure
                         "as_of": _uncertain(rng, 2, rng.randint(1970, 2015))},
                        {"p": "coordinates", "lat": round(lat + 0.01, 6), "lon": round(lon - 0.01, 6)}]}
    return [settlement, site], [event], [second]


PER_FILE = 1500


def generate(out: Path, scale: int, seed: int = 1) -> Path:
    """Write a data folder at `out`: the real data plus `scale` synthetic settlements. Returns `out`."""
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(DATA, out)
    rng = random.Random(seed)
    places, events, secondary = [], [], []
    for i in range(scale):
        p, e, s = _settlement(rng, i)
        places += p
        events += e
        secondary += s
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    files = {}
    # At most PER_FILE settlements a file: a data file may not exceed 4 MiB (yamlfile.MAX_BYTES). The later
    # parts' names sort after the first's, so the records load in the same order at every size.
    for part, start in enumerate(range(0, max(scale, 1), PER_FILE)):
        suffix = "" if part == 0 else f"_{part + 1:03d}"
        chunk = slice(2 * start, 2 * (start + PER_FILE))  # two places (a settlement and a site) a settlement
        registry = {"sources": _sources()} if part == 0 else {}
        files[f"synthetic-places{suffix}.yaml"] = registry | {"places": places[chunk]}
        files[f"synthetic-events{suffix}.yaml"] = {"events": events[start:start + PER_FILE]}
        files[f"synthetic-secondary{suffix}.yaml"] = {"secondary": secondary[start:start + PER_FILE]}
    for name, content in files.items():
        text = yaml.dump(content, Dumper=dumper, allow_unicode=True, sort_keys=False, width=120)
        (out / name).write_text("# Synthetic benchmark data (hadrut_kg.benchmark.synthetic): not facts about the region.\n"
                                + text, encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic data folder for the benchmark.")
    parser.add_argument("--scale", type=int, required=True, help="number of synthetic settlements")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    opts = parser.parse_args(argv)
    generate(opts.out, opts.scale, opts.seed)
    print(f"wrote {opts.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
