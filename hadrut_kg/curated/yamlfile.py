"""Read a YAML data file keeping the line of every mapping and key, so errors can point at them.

Implicit timestamps are switched off (dates stay the strings the curator wrote, EDTF is parsed later) and a key
repeated in one mapping is an error rather than a silent overwrite.

The text is untrusted: before anything is built, a pass over the parser's events (cheap, no recursion) refuses a
file larger than MAX_BYTES, nesting deeper than MAX_DEPTH (deep nesting overflows the stack of the composer), an
alias used inside an anchored block (nested aliases expand exponentially: the "billion laughs") and more than
MAX_EXPANSION nodes brought in by aliases. The `<<: *defaults` merges the curated data uses stay allowed.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from hadrut_kg.curated.errors import DataProblem
from hadrut_kg.paths import UnsafeFile, read_regular

MAX_BYTES = 4 << 20
MAX_DEPTH = 32
MAX_EXPANSION = 20_000


class Located(dict):
    """A mapping from the file, with the line it starts on and the line of each key."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser when present
    duplicate_keys: list


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Located:
    written: set = set()
    for key_node, _ in node.value:  # keys written in this mapping (merged ones from '<<' may be overridden)
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        if key in written:
            loader.duplicate_keys.append((key_node.start_mark.line + 1, key))
        written.add(key)
    loader.flatten_mapping(node)
    result = Located()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _screen(text: str, display: str) -> DataProblem | None:
    """The first reason not to build this text (see the module's docstring), or None. Syntax errors are left to
    the real parse, which reports them."""
    depth, expansion = 0, 0
    open_anchors: list[tuple[str, int, int]] = []  # anchor, depth it opened at, event count when opened
    sizes: dict[str, int] = {}
    count = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            count += 1
            line = event.start_mark.line + 1 if event.start_mark else 0
            if isinstance(event, yaml.AliasEvent):
                if open_anchors:
                    return DataProblem(display, line, "", "", f"alias *{event.anchor} inside the anchored block "
                                       f"&{open_anchors[-1][0]}: nested aliases are refused (they can expand "
                                       "without bound)")
                expansion += sizes.get(event.anchor, 1)
                if expansion > MAX_EXPANSION:
                    return DataProblem(display, line, "", "", f"aliases expand to more than {MAX_EXPANSION} "
                                       "nodes; write the values out")
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return DataProblem(display, line, "", "", f"nested deeper than {MAX_DEPTH} levels")
                if event.anchor:
                    open_anchors.append((event.anchor, depth, count))
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                if open_anchors and open_anchors[-1][1] == depth:
                    anchor, _, started = open_anchors.pop()
                    sizes[anchor] = count - started
                depth -= 1
            elif isinstance(event, yaml.ScalarEvent) and event.anchor:
                sizes[event.anchor] = 1
    except yaml.YAMLError:
        return None
    return None


def _unreadable(text: str) -> int | None:
    """The index of the first character YAML's reader refuses (a raw control byte …), else None."""
    try:
        yaml.reader.Reader(text)
    except yaml.reader.ReaderError as exc:
        return exc.position if 0 <= exc.position < len(text) else 0
    return None


def read_yaml(path: Path, display: str, inside: Path | None = None) -> tuple[object, list[DataProblem]]:
    """Parse one file; return its content and the problems found while parsing (a device, FIFO, folder or link
    out of `inside`, size, encoding, nesting, aliases, syntax, repeated keys). Content is None when the file
    cannot be used at all."""
    try:
        raw = read_regular(path, MAX_BYTES, inside)
    except UnsafeFile as exc:
        reason = str(exc)
        if reason.startswith("larger than"):
            reason = f"larger than {MAX_BYTES >> 20} MiB; curated data files are small (is this the right file?)"
        return None, [DataProblem(display, 0, "", "", f"{reason}; refused")]
    except OSError as exc:
        return None, [DataProblem(display, 0, "", "", f"cannot read: {exc.strerror or exc}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        return None, [DataProblem(display, line, "", "", f"not UTF-8 text: byte 0x{raw[exc.start]:02x} at offset "
                                  f"{exc.start}; save the file as UTF-8")]
    bad = _unreadable(text)
    if bad is not None:
        return None, [DataProblem(display, text[:bad].count("\n") + 1, "", "",
                                  f"character U+{ord(text[bad]):04X} is not allowed in YAML (a control character); "
                                  "remove it")]
    refused = _screen(text, display)
    if refused:
        return None, [refused]
    loader = _Loader(text)
    loader.duplicate_keys = []
    try:
        content = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        return None, [DataProblem(display, line, "", "", f"not valid YAML: {exc.problem or exc}")]
    finally:
        loader.dispose()
    problems = [
        DataProblem(display, line, "", str(key), "key repeated in the same mapping; each key may appear once")
        for line, key in loader.duplicate_keys
    ]
    return content, problems
