"""The package structure: no import cycle between areas, and each area's blueprint made in its __init__."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

TRAINER = Path(__file__).resolve().parent.parent / "trainer"
AREAS = sorted(p.name for p in TRAINER.iterdir() if (p / "__init__.py").is_file())


def _imported_modules(path: Path, module: str) -> list[tuple[str, int]]:
    """Every trainer module that ``path`` imports, at any depth (functions and methods included)."""
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            found.append((name, node.lineno))
            # `from trainer import audit` imports the area `trainer.audit`
            if name == "trainer":
                found += [(f"trainer.{alias.name}", node.lineno) for alias in node.names]
    return found


def area_graph() -> dict[str, dict[str, list[str]]]:
    """area -> imported area -> where (``module:line``), for imports between different areas."""
    graph: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for area in AREAS:
        for path in sorted((TRAINER / area).rglob("*.py")):
            parts = path.relative_to(TRAINER).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            module = ".".join(("trainer", *parts))
            for name, line in _imported_modules(path, module):
                bits = name.split(".")
                if len(bits) >= 2 and bits[0] == "trainer" and bits[1] in AREAS and bits[1] != area:
                    graph[area][bits[1]].append(f"{module}:{line}")
    return graph


def cycles(graph: dict[str, dict[str, list[str]]]) -> list[list[str]]:
    """The strongly connected groups of more than one area (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph.get(node, {}):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for area in sorted(set(graph) | {b for targets in graph.values() for b in targets}):
        if area not in index:
            visit(area)
    return found


def test_no_import_cycle_between_areas():
    graph = area_graph()
    found = cycles(graph)
    detail = [
        f"{a} -> {b}: {', '.join(graph[a][b][:3])}"
        for group in found
        for a in group
        for b in group
        if b in graph[a]
    ]
    assert not found, "import cycles between areas:\n" + "\n".join(detail)


def test_the_cycle_check_sees_function_level_imports(tmp_path):
    """The check is only worth something if a lazy import inside a function counts as an edge."""
    path = tmp_path / "mod.py"
    path.write_text(
        "def f():\n    from trainer.exams.services import refresh_attempt\n    from . import sibling\n"
    )
    names = [name for name, _ in _imported_modules(path, "trainer.grading.mod")]
    assert names == ["trainer.exams.services", "trainer.grading"]
    assert cycles({"a": {"b": []}, "b": {"c": []}, "c": {"a": []}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("area", [a for a in AREAS if (TRAINER / a / "routes.py").is_file()])
def test_each_blueprint_is_made_in_its_area_init(area):
    for path in (TRAINER / area).rglob("*.py"):
        if path.name != "__init__.py":
            assert "Blueprint(" not in path.read_text(encoding="utf-8"), path
    assert "Blueprint(" in (TRAINER / area / "__init__.py").read_text(encoding="utf-8")


# --- the reading of a role-play reply is layered ----------------------------------------------------------

# Each module of trainer/roleplay/behaviours/ imports only modules of lower layers, never the package's face
# (its __init__.py, which hands the public names on): the clauses and the matching know no scenario; the
# case's words, the times and promises and the built-in verdicts know no detection and not each other.
BEHAVIOUR_LAYERS = {"reading": 0, "case": 1, "times": 1, "verdicts": 1, "detection": 2}


def layer_breaks(directory: Path, package: str, layers: dict[str, int]) -> list[str]:
    """Where a module of ``package`` (the files of ``directory``) imports its face or a module of its own
    layer or above; and the modules that were placed in no layer."""
    found = []
    for path in sorted(directory.glob("*.py")):
        if path.stem == "__init__":
            continue
        if path.stem not in layers:
            found.append(f"{package}.{path.stem}: placed in no layer")
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    here = package.split(".")
                    base = ".".join([*here[: len(here) - node.level + 1], *filter(None, [node.module])])
                else:
                    base = node.module or ""
                # from the package, a module of it; or a name that its face hands on (from package import f)
                names = [
                    f"{base}.{a.name}" if base == package and a.name in layers else base for a in node.names
                ]
            else:
                continue
            for name in names:
                if name != package and not name.startswith(package + "."):
                    continue
                other = name[len(package) + 1 :].split(".")[0]
                if other not in layers or layers[other] >= layers[path.stem]:
                    found.append(f"{package}.{path.stem}:{node.lineno} imports {name}")
    return found


def test_the_behaviour_modules_import_downwards_only():
    directory = TRAINER / "roleplay" / "behaviours"
    assert sorted(p.stem for p in directory.glob("*.py") if p.stem != "__init__") == sorted(BEHAVIOUR_LAYERS)
    assert layer_breaks(directory, "trainer.roleplay.behaviours", BEHAVIOUR_LAYERS) == []


def test_the_layer_check_sees_upward_and_face_imports(tmp_path):
    """The check is only worth something if it catches an import up a layer, across one, or from the face."""
    (tmp_path / "__init__.py").write_text("from pkg.low import f\n")
    (tmp_path / "low.py").write_text("def f():\n    from pkg.high import g\n")
    (tmp_path / "side.py").write_text("from pkg import f\nfrom . import other\n")
    (tmp_path / "other.py").write_text("from pkg.low import f\nimport pkg.side\n")
    (tmp_path / "high.py").write_text("from pkg.low import f\nfrom pkg.side import h\n")
    (tmp_path / "stray.py").write_text("")
    layers = {"low": 0, "side": 1, "other": 1, "high": 2}
    assert layer_breaks(tmp_path, "pkg", layers) == [
        "pkg.low:2 imports pkg.high",
        "pkg.other:2 imports pkg.side",
        "pkg.side:1 imports pkg",
        "pkg.side:2 imports pkg.other",
        "pkg.stray: placed in no layer",
    ]


# --- nothing dispatches on a question type's id outside the registry ------------------------------------

ROOT = TRAINER.parent
# Where a type id may be compared with a literal, and why. Keep this short: anything else asks the
# registry (trainer/bank/question_types/) what the type declares.
TYPE_ID_ALLOWED = {
    "trainer/bank/question_types/__init__.py": "the registry itself",
    "trainer/bank/question_types/base.py": "the base class of every type",
    "trainer/bank/question_types/builtin.py": "the built-in types",
    "trainer/bank/exchange/moodle_xml.py": "Moodle's own question type is called truefalse (its XML names)",
}


def _type_ids() -> set[str]:
    from trainer.bank.question_types import DEFAULT_TYPES

    return {cls.id for cls in DEFAULT_TYPES}


def _literals(node: ast.AST) -> list[str]:
    """String constants in a comparison operand, also inside a tuple, list or set literal."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return [v for elt in node.elts for v in _literals(elt)]
    return []


def python_type_comparisons(source: str, ids: set[str]) -> list[tuple[int, str]]:
    """(line, literal) of every comparison (==, !=, in, not in) with a type id as a literal operand."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            for operand in (node.left, *node.comparators):
                found += [(node.lineno, v) for v in _literals(operand) if v in ids]
    return found


def template_type_comparisons(source: str, ids: set[str]) -> list[tuple[int, str]]:
    """(line, literal) of every Jinja or JavaScript comparison with a type id as a quoted literal."""
    names = "|".join(sorted(ids))
    quoted = rf"""['"]({names})['"]"""
    pattern = re.compile(
        rf"""(?:(?:===?|!==?|\bin)\s*[\(\[]?\s*(?:{quoted}\s*,\s*)*{quoted})|(?:{quoted}\s*(?:===?|!==?))"""
    )
    found = []
    for number, line in enumerate(source.splitlines(), 1):
        for match in pattern.finditer(line):
            found.append((number, next(g for g in match.groups() if g)))
    return found


def test_no_type_id_is_compared_outside_the_registry():
    ids = _type_ids()
    found = []
    for path in sorted(TRAINER.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel not in TYPE_ID_ALLOWED:
            found += [f"{rel}:{n}: {v!r}" for n, v in python_type_comparisons(path.read_text("utf-8"), ids)]
    for path in sorted([*(ROOT / "templates").rglob("*.html"), *(ROOT / "static" / "js").rglob("*.js")]):
        rel = path.relative_to(ROOT).as_posix()
        if rel not in TYPE_ID_ALLOWED:
            found += [f"{rel}:{n}: {v!r}" for n, v in template_type_comparisons(path.read_text("utf-8"), ids)]
    assert not found, "ask the question-type registry instead of comparing type ids:\n" + "\n".join(found)


def test_the_type_id_check_sees_the_usual_spellings():
    """The check is only worth something if it catches the forms the code used to have."""
    ids = {"single", "multiple", "truefalse", "case"}
    python = (
        'if qtype == "single":\n    pass\n'
        'x = version.type in ("case", "interview")\n'
        'y = "truefalse" != t\n'
        'z = {"single": 1}["single"]\n'  # a lookup, not a comparison
    )
    assert python_type_comparisons(python, ids) == [(1, "single"), (3, "case"), (4, "truefalse")]
    template = (
        "{% if q.type in ('single', 'multiple') %}\n"
        "{% elif q.type == 'truefalse' %}\n"
        'if (item.type === "multiple") {\n'
        "<input value=\"true\"> {{ _('Single choice') }}\n"
    )
    assert template_type_comparisons(template, ids) == [(1, "single"), (2, "truefalse"), (3, "multiple")]
