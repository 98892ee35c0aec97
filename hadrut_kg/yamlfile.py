"""Read a YAML data file keeping the line of every mapping and key, so errors can point at them.

Implicit timestamps are switched off (dates stay the strings the curator wrote, EDTF is parsed later) and a key
repeated in one mapping is an error rather than a silent overwrite.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .errors import DataProblem


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


def read_yaml(path: Path, display: str) -> tuple[object, list[DataProblem]]:
    """Parse one file; return its content and the problems found while parsing (syntax, repeated keys)."""
    text = path.read_text(encoding="utf-8")
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
