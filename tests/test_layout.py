"""The package's layers: every import points down the layout drawn in docs/contributing.md (bottom to top), so the
tree shows the architecture. A module may import its own sub-package and any layer below it, never one above."""

from __future__ import annotations

import ast
from pathlib import Path

import hadrut_kg

PACKAGE = Path(hadrut_kg.__file__).parent
# Bottom to top. Rooms on one line share a rank and may not import each other.
LAYERS = [
    ["errors"],
    ["paths", "sandbox", "web"],
    ["background"],
    ["vocabulary"],
    ["curated"],
    ["chronology"],
    ["queries"],
    ["rdf"],
    ["quality"],
    ["exports"],
    ["timemap"],
    ["stores"],
    ["links"],
    ["reconcile"],
    ["site"],
    ["build"],
    ["release"],
    ["api"],
    ["cli", "benchmark"],
]
RANK = {room: i for i, rooms in enumerate(LAYERS) for room in rooms}
ALLOWED_FROM_TOP = {"__version__", "__released__"}  # hadrut_kg/__init__.py's version and its day, from anywhere


def room_of(root: Path, path: Path) -> str:
    rel = path.relative_to(root)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def imported_rooms(path: Path) -> set[str]:
    """The rooms of hadrut_kg a module imports, at any depth of the file (lazy imports included)."""
    rooms = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path}: relative import; the package uses absolute imports")
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "hadrut_kg":
            parts = node.module.split(".")
            if len(parts) > 1:
                rooms.add(parts[1])
            else:
                rooms.update(a.name for a in node.names if a.name not in ALLOWED_FROM_TOP)
        elif isinstance(node, ast.Import):
            rooms.update(a.name.split(".")[1] for a in node.names if a.name.startswith("hadrut_kg."))
    return rooms


def modules(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if "resources" not in p.parts and p != root / "__init__.py")


def upward_imports(root: Path) -> list[str]:
    found = []
    for path in modules(root):
        own = room_of(root, path)
        for room in sorted(imported_rooms(path) - {own}):
            if room not in RANK:
                found.append(f"{path.relative_to(root)} imports unknown hadrut_kg.{room}")
            elif RANK[room] >= RANK[own]:
                found.append(f"{path.relative_to(root)} ({own}) imports {room}")
    return found


def test_every_room_is_placed():
    rooms = {room_of(PACKAGE, p) for p in modules(PACKAGE)}
    assert rooms <= set(RANK), f"rooms missing from LAYERS: {sorted(rooms - set(RANK))}"


def test_imports_point_down():
    assert upward_imports(PACKAGE) == []


def test_each_sub_package_says_what_it_is_for():
    for init in sorted(PACKAGE.glob("*/__init__.py")):
        doc = ast.get_docstring(ast.parse(init.read_text()))
        assert doc and "import" in doc, f"{init.relative_to(PACKAGE)}: docstring must say what it is for and may import"


def test_the_check_sees_upward_and_sideways_imports(tmp_path):
    """The checker itself: a low room importing a higher one, or a room of the same rank, is reported."""
    (tmp_path / "vocabulary").mkdir()
    (tmp_path / "vocabulary" / "namespaces.py").write_text("from hadrut_kg.stores.gsp import load\n")
    (tmp_path / "paths.py").write_text("from hadrut_kg import sandbox\n")
    (tmp_path / "build.py").write_text("from hadrut_kg.rdf.publish import write\nfrom hadrut_kg import __version__\n")
    assert upward_imports(tmp_path) == ["paths.py (paths) imports sandbox",
                                        "vocabulary/namespaces.py (vocabulary) imports stores"]


def test_the_documented_imports_are_the_real_ones():
    """docs/contributing.md's table of layers says what each imports today; it is what the code imports."""
    import re

    page = (PACKAGE.parent / "docs" / "contributing.md").read_text(encoding="utf-8")
    table = page.split("## Layout of the package")[1]
    documented = {}
    for cells in re.findall(r"^\| (`.+?) \| .+? \| (.+?) \|$", table, flags=re.M):
        rooms = re.findall(r"`([\w.]+?)(?:\.py|/)?`", cells[0])
        for room in rooms:
            documented[room] = set(re.findall(r"`(\w+)`", cells[1]))
    real: dict[str, set[str]] = {}
    for path in modules(PACKAGE):
        own = room_of(PACKAGE, path)
        real.setdefault(own, set()).update(imported_rooms(path) - {own})
    assert documented.keys() == real.keys()
    assert {room: sorted(documented[room]) for room in real} == {room: sorted(real[room]) for room in real}
