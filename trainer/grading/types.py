"""Plain data shared by every scoring engine: rubrics going in, scores coming out.

These classes know nothing of Flask or the database. The database keeps a rubric version as the dict
that :meth:`Rubric.to_dict` returns, and the YAML files in ``rubrics/`` have the same shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

# Flags an engine may set on a result. Anything in REVIEW_FLAGS sends the answer to a human.
FLAG_INJECTION = "injection"  # the answer tries to instruct the grader
FLAG_KEYWORD_LIST = "keyword_list"  # a bare list of terms, not an answer
FLAG_COPIED_QUESTION = "copied_question"  # mostly the question or background copied back
FLAG_OFF_TOPIC = "off_topic"
FLAG_EMPTY = "empty"
FLAG_LLM_FAILED = "llm_failed"
FLAG_DISAGREEMENT = "engines_disagree"
REVIEW_FLAGS = frozenset({FLAG_INJECTION, FLAG_LLM_FAILED, FLAG_DISAGREEMENT, FLAG_KEYWORD_LIST})


class RubricError(ValueError):
    """A rubric that cannot be used; ``field`` names the offending part (e.g. ``criteria[1].max``)."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Criterion:
    """One scored dimension of a rubric, worth 0..``max`` points."""

    id: str
    name: str
    max: float
    description: str = ""
    levels: Mapping[int, str] = field(default_factory=dict)
    key_points: tuple[str, ...] = ()


@dataclass(frozen=True)
class Anchor:
    """A hand-scored exemplar answer: criterion id -> score."""

    answer: str
    scores: Mapping[str, float]


@dataclass(frozen=True)
class Rubric:
    """A scoring guide. ``reference_answer`` is optional; a question's own reference overrides it."""

    id: str
    title: str
    criteria: tuple[Criterion, ...]
    lang: str = "zh"
    anchors: tuple[Anchor, ...] = ()
    reference_answer: str = ""
    version: int = 1

    @property
    def max_total(self) -> float:
        """The sum of every criterion's maximum."""
        return sum(c.max for c in self.criteria)

    def criterion(self, criterion_id: str) -> Criterion:
        """The criterion with this id; KeyError when there is none."""
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        raise KeyError(criterion_id)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], version: int = 1) -> Rubric:
        """Build and validate a rubric from its YAML/JSON shape; raises RubricError naming the field."""
        if not isinstance(data, Mapping):
            raise RubricError("rubric", "must be a mapping")
        rid = data.get("id")
        if not isinstance(rid, str) or not rid.strip():
            raise RubricError("id", "is required")
        raw_criteria = data.get("criteria")
        if not isinstance(raw_criteria, list) or not raw_criteria:
            raise RubricError("criteria", "needs at least one criterion")
        criteria: list[Criterion] = []
        seen: set[str] = set()
        for i, rc in enumerate(raw_criteria):
            where = f"criteria[{i}]"
            if not isinstance(rc, Mapping):
                raise RubricError(where, "must be a mapping")
            cid = rc.get("id")
            if not isinstance(cid, str) or not cid.strip():
                raise RubricError(f"{where}.id", "is required")
            if cid in seen:
                raise RubricError(f"{where}.id", f"duplicate criterion id {cid!r}")
            seen.add(cid)
            cmax = rc.get("max")
            if isinstance(cmax, bool) or not isinstance(cmax, int | float) or cmax <= 0:
                raise RubricError(f"{where}.max", "must be a positive number")
            levels_raw = rc.get("levels") or {}
            if not isinstance(levels_raw, Mapping):
                raise RubricError(f"{where}.levels", "must map a score to a description")
            levels: dict[int, str] = {}
            for k, v in levels_raw.items():
                try:
                    score = int(k)
                except (TypeError, ValueError):
                    raise RubricError(f"{where}.levels", f"level {k!r} is not a whole number") from None
                if not 0 <= score <= cmax:
                    raise RubricError(f"{where}.levels", f"level {score} is outside 0..{cmax}")
                levels[score] = str(v)
            key_points = rc.get("key_points") or []
            if not isinstance(key_points, list):
                raise RubricError(f"{where}.key_points", "must be a list")
            criteria.append(
                Criterion(
                    id=cid,
                    name=str(rc.get("name") or cid),
                    max=cmax,
                    description=str(rc.get("description") or ""),
                    levels=levels,
                    # A concept with alternative phrasings counts here by its concept name.
                    key_points=tuple(
                        str(k["concept"]) if isinstance(k, Mapping) and "concept" in k else str(k)
                        for k in key_points
                    ),
                )
            )
        anchors: list[Anchor] = []
        for i, ra in enumerate(data.get("anchors") or []):
            where = f"anchors[{i}]"
            if not isinstance(ra, Mapping) or not isinstance(ra.get("answer"), str):
                raise RubricError(where, "needs an answer text")
            scores = ra.get("scores") or {}
            if not isinstance(scores, Mapping):
                raise RubricError(f"{where}.scores", "must map criterion ids to scores")
            for cid, s in scores.items():
                if cid not in seen:
                    raise RubricError(f"{where}.scores", f"unknown criterion {cid!r}")
                cmax = next(c.max for c in criteria if c.id == cid)
                if isinstance(s, bool) or not isinstance(s, int | float) or not 0 <= s <= cmax:
                    raise RubricError(f"{where}.scores.{cid}", f"must be a number in 0..{cmax}")
            anchors.append(Anchor(answer=ra["answer"], scores=dict(scores)))
        return cls(
            id=rid.strip(),
            title=str(data.get("title") or rid),
            lang=str(data.get("lang") or "zh"),
            criteria=tuple(criteria),
            anchors=tuple(anchors),
            reference_answer=str(data.get("reference_answer") or ""),
            version=version,
        )

    def to_dict(self) -> dict[str, Any]:
        """The YAML/JSON shape, the inverse of :meth:`from_dict`."""
        out: dict[str, Any] = {"id": self.id, "title": self.title, "lang": self.lang, "criteria": []}
        for c in self.criteria:
            cd: dict[str, Any] = {"id": c.id, "name": c.name, "max": c.max}
            if c.description:
                cd["description"] = c.description
            if c.levels:
                cd["levels"] = {int(k): v for k, v in sorted(c.levels.items(), reverse=True)}
            if c.key_points:
                cd["key_points"] = list(c.key_points)
            out["criteria"].append(cd)
        if self.reference_answer:
            out["reference_answer"] = self.reference_answer
        if self.anchors:
            out["anchors"] = [{"answer": a.answer, "scores": dict(a.scores)} for a in self.anchors]
        return out


@dataclass
class CriterionScore:
    """One criterion's score with a verbatim quote from the answer (or "") and a short rationale."""

    id: str
    score: float
    max: float
    evidence: str = ""
    rationale: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "score": self.score,
            "max": self.max,
            "evidence": self.evidence,
            "rationale": self.rationale,
        }


@dataclass
class ScoreResult:
    """What an engine returns for one answer. Scores are always within 0..max per criterion."""

    criteria: list[CriterionScore]
    engine: str
    flags: list[str] = field(default_factory=list)
    needs_review: bool = False
    meta: dict[str, Any] = field(default_factory=dict)  # e.g. model, latency_ms, tokens

    @property
    def total(self) -> float:
        return round(sum(c.score for c in self.criteria), 2)

    @property
    def max(self) -> float:
        return sum(c.max for c in self.criteria)

    def to_dict(self, answer_id: str | None = None) -> dict[str, Any]:
        """The batch-output JSON shape from DESIGN.md."""
        out: dict[str, Any] = {}
        if answer_id is not None:
            out["id"] = answer_id
        out.update(
            {
                "total": self.total,
                "max": self.max,
                "criteria": [c.to_dict() for c in self.criteria],
                "engine": self.engine,
                "flags": list(self.flags),
                "needs_review": self.needs_review,
            }
        )
        return out


def clamp_score(value: float, maximum: float) -> float:
    """Clamp a score into 0..maximum."""
    return max(0.0, min(float(maximum), float(value)))


class ScoringEngine(Protocol):
    """What every engine offers; engines are looked up by ``name``."""

    name: str

    def score(
        self, rubric: Rubric, answer: str, question: str | None = None, reference: str | None = None
    ) -> ScoreResult: ...
