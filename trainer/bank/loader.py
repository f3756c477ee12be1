"""Loading the question bank from YAML files and writing it back in the same format.

A bank folder holds question files (``*.yaml``, each a list of questions) and ``scenarios/*.yaml``
(one role-play scenario each). Rubrics live in ``rubrics/`` inside the bank folder or beside it. A load
checks every file first and writes nothing when any file is bad; loading the same files twice creates
nothing the second time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select

from trainer.bank.formats import error_parts, parse_rubric
from trainer.bank.models import Question, Rubric, Scenario
from trainer.bank.services import (
    CREATED,
    NEW_VERSION,
    ContentError,
    normalize_question,
    question_to_dict,
    save_question,
    save_rubric,
    save_scenario,
    validate_scenario,
)
from trainer.extensions import db


@dataclass(frozen=True)
class BankProblem:
    """One thing wrong with a bank file: where it is and what is wrong."""

    file: str
    item_id: str | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file + (f" [{self.item_id}]" if self.item_id else "")
        return f"{where} {self.field}: {self.message}"


class BankLoadError(Exception):
    """The bank has problems; nothing was loaded."""

    def __init__(self, problems: list[BankProblem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class LoadReport:
    questions: Counter = field(default_factory=Counter)
    rubrics: Counter = field(default_factory=Counter)
    scenarios: Counter = field(default_factory=Counter)

    @property
    def changed(self) -> int:
        """How many items were created or got a new version."""
        return sum(
            c[CREATED] + c[NEW_VERSION] + c["updated"] for c in (self.questions, self.rubrics, self.scenarios)
        )

    def summary(self) -> str:
        parts = []
        for name, counter in (
            ("questions", self.questions),
            ("rubrics", self.rubrics),
            ("scenarios", self.scenarios),
        ):
            detail = ", ".join(f"{k} {v}" for k, v in sorted(counter.items())) or "none"
            parts.append(f"{name}: {detail}")
        return "; ".join(parts)


def _read_yaml(path: Path, problems: list[BankProblem]) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        problems.append(BankProblem(path.name, None, "file", f"not valid YAML: {exc}"))
        return None


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in (".yaml", ".yml"))


def rubric_dir_for(bank_dir: Path) -> Path | None:
    """Where the rubrics of a bank folder are: ``rubrics/`` inside it, else beside it."""
    for candidate in (bank_dir / "rubrics", bank_dir.parent / "rubrics"):
        if candidate.is_dir():
            return candidate
    return None


def read_bank(bank_dir: Path, rubrics_dir: Path | None = None) -> tuple[list, list, list]:
    """Read and check every file; returns (questions, rubrics, scenarios) or raises BankLoadError.

    Questions are (file name, canonical dict); rubrics and scenarios are dicts. Only rubrics that a
    question or scenario names are returned.
    """
    bank_dir = Path(bank_dir)
    if not bank_dir.is_dir():
        raise BankLoadError([BankProblem(str(bank_dir), None, "folder", "does not exist")])
    problems: list[BankProblem] = []
    questions: list[tuple[str, dict]] = []
    seen: dict[str, str] = {}
    for path in _yaml_files(bank_dir):
        items = _read_yaml(path, problems)
        if items is None:
            continue
        if not isinstance(items, list):
            problems.append(BankProblem(path.name, None, "file", "must be a list of questions"))
            continue
        for index, item in enumerate(items):
            item_id = item.get("id") if isinstance(item, dict) else None
            try:
                spec = normalize_question(item)
            except ContentError as exc:
                problems.append(
                    BankProblem(path.name, exc.item_id or f"#{index + 1}", exc.field, exc.message)
                )
                continue
            if spec["id"] in seen:
                problems.append(BankProblem(path.name, item_id, "id", f"also used in {seen[spec['id']]}"))
                continue
            seen[spec["id"]] = path.name
            questions.append((path.name, spec))

    scenarios: list[dict] = []
    scenario_dir = bank_dir / "scenarios"
    if scenario_dir.is_dir():
        for path in _yaml_files(scenario_dir):
            data = _read_yaml(path, problems)
            if data is None:
                continue
            if not isinstance(data, dict):
                problems.append(BankProblem(f"scenarios/{path.name}", None, "file", "must be one scenario"))
                continue
            try:
                scenarios.append(validate_scenario(data))
            except ContentError as exc:
                problems.append(BankProblem(f"scenarios/{path.name}", exc.item_id, exc.field, exc.message))

    wanted = {spec["rubric"]: f for f, spec in questions if spec.get("rubric")}
    wanted.update({str(s["rubric"]): f"scenarios/{s['id']}" for s in scenarios if s.get("rubric")})
    rubrics = _read_rubrics(rubrics_dir or rubric_dir_for(bank_dir), wanted, problems)
    if problems:
        raise BankLoadError(problems)
    return questions, rubrics, scenarios


def _read_rubrics(folder: Path | None, wanted: dict[str, str], problems: list[BankProblem]) -> list[dict]:
    rubrics: list[dict] = []
    for rid, named_in in sorted(wanted.items()):
        path = folder / f"{rid}.yaml" if folder is not None else None
        if path is None or not path.is_file():
            already = db.session.scalar(select(Rubric.id).where(Rubric.uid == rid))
            if already is None:
                problems.append(
                    BankProblem(named_in, None, "rubric", f"rubric {rid!r} not found in rubrics/")
                )
            continue
        data = _read_yaml(path, problems)
        if data is None:
            continue
        try:
            rubric = parse_rubric(data)
        except ValueError as exc:
            problems.append(BankProblem(f"rubrics/{path.name}", rid, *error_parts(exc, "rubric")))
            continue
        if rubric.id != rid:
            problems.append(
                BankProblem(f"rubrics/{path.name}", rubric.id, "id", f"file is named for {rid!r}")
            )
            continue
        rubrics.append(data)
    return rubrics


def load_bank(bank_dir: Path, rubrics_dir: Path | None = None, actor_id: int | None = None) -> LoadReport:
    """Check the whole bank folder, then save every rubric, scenario and question as versions.

    Raises BankLoadError (nothing saved) when any file is bad. The caller commits.
    """
    questions, rubrics, scenarios = read_bank(bank_dir, rubrics_dir)
    report = LoadReport()
    for data in rubrics:
        report.rubrics[save_rubric(data, actor_id=actor_id).outcome] += 1
    for data in scenarios:
        report.scenarios[save_scenario(data, actor_id=actor_id).outcome] += 1
    for source, spec in questions:
        report.questions[save_question(spec, actor_id=actor_id, source=source).outcome] += 1
    db.session.flush()
    return report


class _BlockDumper(yaml.SafeDumper):
    """Writes multi-line text as ``|`` blocks so exported files read like the hand-written ones."""


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockDumper.add_representer(str, _str_representer)


def dump_yaml(data: Any) -> str:
    """YAML text in the bank's house style (Unicode as is, keys in order, text blocks)."""
    return yaml.dump(data, Dumper=_BlockDumper, allow_unicode=True, sort_keys=False, width=100)


def export_bank(out_dir: Path, questions: Iterable[Question] | None = None) -> dict[str, int]:
    """Write questions (grouped by their source file), their rubrics and scenarios under ``out_dir``.

    The result loads back with ``load_bank(out_dir)`` and changes nothing.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if questions is None:
        questions = db.session.scalars(select(Question).order_by(Question.id))
    groups: dict[str, list[dict]] = {}
    rubric_ids: set[str] = set()
    for q in questions:
        if q.current is None:
            continue
        groups.setdefault(q.source or "exported.yaml", []).append(question_to_dict(q))
        if q.current.rubric_uid:
            rubric_ids.add(q.current.rubric_uid)
    for name, items in groups.items():
        (out_dir / name).write_text(dump_yaml(items), encoding="utf-8")
    scenarios = list(db.session.scalars(select(Scenario).order_by(Scenario.uid)))
    if scenarios:
        (out_dir / "scenarios").mkdir(exist_ok=True)
    for s in scenarios:
        if s.current is not None:
            (out_dir / "scenarios" / f"{s.uid}.yaml").write_text(dump_yaml(s.current.data), encoding="utf-8")
            if s.current.data.get("rubric"):
                rubric_ids.add(str(s.current.data["rubric"]))
    (out_dir / "rubrics").mkdir(exist_ok=True)
    for r in db.session.scalars(select(Rubric).where(Rubric.uid.in_(rubric_ids))):
        if r.current is not None:
            (out_dir / "rubrics" / f"{r.uid}.yaml").write_text(dump_yaml(r.current.data), encoding="utf-8")
    return {
        "questions": sum(len(v) for v in groups.values()),
        "files": len(groups),
        "scenarios": len(scenarios),
        "rubrics": len(rubric_ids),
    }
