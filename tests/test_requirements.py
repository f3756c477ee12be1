"""Every package that trainer/ imports is named in requirements.txt, not only pulled in by another one.

The check reads every module's imports with ast (function-level ones included), maps each top-level
module to the distribution that installs it, and looks the distribution up in requirements.txt. It runs
in CI's time budget; building a fresh venv from requirements.txt alone takes minutes (see
docs/operations.md for that manual check).
"""

from __future__ import annotations

import ast
import importlib.metadata as metadata
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def required() -> set[str]:
    """The distribution names requirements.txt pins."""
    names = set()
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.add(_normalise(re.split(r"[\[=<>~! ;]", line, maxsplit=1)[0]))
    return names


def imported_top_level() -> dict[str, str]:
    """Top-level module -> one file importing it, for every non-stdlib, non-relative import in trainer/."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "trainer").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top != "trainer" and top not in sys.stdlib_module_names:
                    found.setdefault(top, str(path.relative_to(ROOT)))
    return found


def missing_requirements(imported: dict[str, str], pinned: set[str], distributions) -> list[str]:
    """What is imported but not pinned, each with a file that imports it."""
    missing = []
    for module, where in sorted(imported.items()):
        provided_by = {_normalise(d) for d in distributions.get(module, [])}
        if not provided_by:
            missing.append(f"{module} (imported in {where}) is not installed at all")
        elif not provided_by & pinned:
            missing.append(
                f"{module} (imported in {where}) comes from {sorted(provided_by)}, not requirements.txt"
            )
    return missing


def test_every_imported_package_is_in_requirements():
    missing = missing_requirements(imported_top_level(), required(), metadata.packages_distributions())
    assert not missing, "\n".join(missing)


def test_the_check_names_a_package_that_only_comes_through_another():
    """httpx2 is installed with openai; without its own line the check must name it."""
    pinned = required() - {"httpx2"}
    missing = missing_requirements(imported_top_level(), pinned, metadata.packages_distributions())
    assert len(missing) == 1 and missing[0].startswith("httpx2 (imported in trainer/llm/")
