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
FLAG_COPIED_REFERENCE = "copied_reference"  # nearly word for word the reference answer
FLAG_PADDING = "padding"  # mostly repeated or unrelated filler
FLAG_OFF_TOPIC = "off_topic"
FLAG_EMPTY = "empty"
FLAG_LLM_FAILED = "llm_failed"
FLAG_DISAGREEMENT = "engines_disagree"
FLAG_OUT_OF_RANGE = "score_out_of_range"  # the LLM gave a score outside 0..max (a wrong scale?)
REVIEW_FLAGS = frozenset(
    {
        FLAG_INJECTION,
        FLAG_LLM_FAILED,
        FLAG_DISAGREEMENT,
        FLAG_KEYWORD_LIST,
        FLAG_COPIED_QUESTION,
        FLAG_PADDING,
        FLAG_OUT_OF_RANGE,
    }
)


class RubricError(ValueError):
    """A rubric that cannot be used; ``field`` names the offending part (e.g. ``criteria[1].max``)."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Concept:
    """Something an answer should say (a key point) or must not say (``reason`` set), with alternative
    phrasings; matched by meaning, not by exact words."""

    concept: str
    any: tuple[str, ...] = ()
    weight: float = 1.0
    reason: str = ""

    @property
    def phrasings(self) -> tuple[str, ...]:
        """The concept itself and its alternatives, without repeats."""
        return tuple(dict.fromkeys((self.concept, *self.any)))

    def to_dict(self, *, must_not: bool = False) -> str | dict[str, Any]:
        """The YAML shape: a plain string when nothing but the concept is set."""
        plain = not self.any and self.weight == 1 and (not must_not or self.reason in ("", self.concept))
        if plain:
            return self.concept
        out: dict[str, Any] = {"concept": self.concept}
        if self.any:
            out["any"] = list(self.any)
        if self.weight != 1:
            out["weight"] = self.weight
        if must_not and self.reason and self.reason != self.concept:
            out["reason"] = self.reason
        return out


@dataclass(frozen=True)
class Diagnosis:
    """The problem class and/or urgency (built-in taxonomy ids, see :mod:`trainer.grading.taxonomy`) an
    answer must name for a criterion."""

    problem_class: str | None = None
    urgency: str | None = None

    def to_dict(self) -> dict[str, str]:
        """The YAML shape, with the Chinese labels."""
        from trainer.grading import taxonomy

        out: dict[str, str] = {}
        if self.problem_class:
            term = taxonomy.problem_class(self.problem_class)
            out["class"] = term.zh if term else self.problem_class
        if self.urgency:
            term = taxonomy.urgency(self.urgency)
            out["urgency"] = term.zh if term else self.urgency
        return out


@dataclass(frozen=True)
class Order:
    """An order a criterion asks for: its key point ``first`` said before any of the key points
    ``before`` (of any criterion of the rubric); an answer that says one of those first earns at most
    ``level`` for the criterion (safety before compensation, stopping the loss before the paperwork)."""

    first: str
    before: tuple[str, ...]
    level: int

    def to_dict(self) -> dict[str, Any]:
        """The YAML shape."""
        return {"first": self.first, "before": list(self.before), "level": self.level}


@dataclass(frozen=True)
class Criterion:
    """One scored dimension of a rubric, worth 0..``max`` points.

    ``key_points`` are the concepts' names (kept for old callers); ``concepts`` the full key points with
    alternatives and weights; ``must_not`` the misconceptions and violations that cap the criterion at 0.
    """

    id: str
    name: str
    max: float
    description: str = ""
    levels: Mapping[int, str] = field(default_factory=dict)
    key_points: tuple[str, ...] = ()
    concepts: tuple[Concept, ...] = ()
    must_not: tuple[Concept, ...] = ()
    diagnosis: Diagnosis | None = None
    order: tuple[Order, ...] = ()

    def __post_init__(self) -> None:
        if self.key_points and not self.concepts:
            object.__setattr__(self, "concepts", tuple(Concept(k) for k in self.key_points))
        elif self.concepts and not self.key_points:
            object.__setattr__(self, "key_points", tuple(k.concept for k in self.concepts))


@dataclass(frozen=True)
class Anchor:
    """A hand-scored exemplar answer: criterion id -> score; ``question`` is the question it answers
    ("" when not tied to one), ``generic`` marks it usable for any question of the rubric."""

    answer: str
    scores: Mapping[str, float]
    question: str = ""
    generic: bool = False

    def serves(self, question_id: str | None) -> bool:
        """Whether this anchor may be used when scoring an answer to ``question_id`` (None: unknown)."""
        if self.generic or not self.question:
            return True
        return question_id is None or self.question == question_id


def _concepts(raw: Any, where: str, *, must_not: bool = False) -> tuple[Concept, ...]:
    """Key points or must_not entries: strings, or ``{concept, any, weight, reason}`` mappings."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise RubricError(where, "must be a list")
    out: list[Concept] = []
    for i, item in enumerate(raw):
        at = f"{where}[{i}]"
        if isinstance(item, str | int | float) and not isinstance(item, bool):
            text = str(item).strip()
            if not text:
                raise RubricError(at, "is empty")
            out.append(Concept(text, reason=text if must_not else ""))
            continue
        if not isinstance(item, Mapping):
            raise RubricError(at, "must be a text or a mapping with a concept")
        allowed = {"concept", "any", "weight"} | ({"reason"} if must_not else set())
        unknown = sorted(set(map(str, item)) - allowed)
        if unknown:
            raise RubricError(f"{at}.{unknown[0]}", f"is not a known key (use {', '.join(sorted(allowed))})")
        concept = item.get("concept")
        if not isinstance(concept, str) or not concept.strip():
            raise RubricError(f"{at}.concept", "is required")
        alts = item.get("any") or []
        if isinstance(alts, str):
            alts = [alts]
        if not isinstance(alts, list) or not all(isinstance(a, str) and a.strip() for a in alts):
            raise RubricError(f"{at}.any", "must be a list of phrasings")
        weight = item.get("weight", 1)
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
            raise RubricError(f"{at}.weight", "must be a positive number")
        reason = item.get("reason")
        if reason is not None and (not isinstance(reason, str) or not reason.strip()):
            raise RubricError(f"{at}.reason", "must be a text")
        out.append(
            Concept(
                concept.strip(),
                tuple(a.strip() for a in alts),
                weight,
                (reason or concept).strip() if must_not else "",
            )
        )
    return tuple(out)


def _orders(raw: Any, where: str, own: tuple[Concept, ...], cmax: float) -> tuple[Order, ...]:
    """A criterion's ``order: [{first, before, level}]``; ``first`` must be one of its own key points (the
    names in ``before`` are checked against the whole rubric once every criterion is read)."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise RubricError(where, "must be a list")
    out: list[Order] = []
    names = {c.concept for c in own}
    for i, item in enumerate(raw):
        at = f"{where}[{i}]"
        if not isinstance(item, Mapping):
            raise RubricError(at, "must be a mapping with first, before and level")
        unknown = sorted(set(map(str, item)) - {"first", "before", "level"})
        if unknown:
            raise RubricError(f"{at}.{unknown[0]}", "is not a known key (use before, first, level)")
        first = item.get("first")
        if not isinstance(first, str) or first.strip() not in names:
            raise RubricError(f"{at}.first", "must name one of this criterion's key points")
        before = item.get("before")
        if isinstance(before, str):
            before = [before]
        if (
            not isinstance(before, list)
            or not before
            or not all(isinstance(b, str) and b.strip() for b in before)
        ):
            raise RubricError(f"{at}.before", "must list key points")
        level = item.get("level")
        if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level < cmax:
            raise RubricError(f"{at}.level", f"must be a whole number in 0..{cmax} below the max")
        out.append(Order(first.strip(), tuple(b.strip() for b in before), level))
    return tuple(out)


def _diagnosis(raw: Any, where: str) -> Diagnosis | None:
    """A criterion's ``diagnosis: {class, urgency}`` in Chinese or English taxonomy terms."""
    from trainer.grading import taxonomy

    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise RubricError(where, "must map class and/or urgency to taxonomy values")
    unknown = sorted(set(map(str, raw)) - {"class", "urgency"})
    if unknown:
        raise RubricError(f"{where}.{unknown[0]}", "is not a known key (use class, urgency)")
    cls_id = urg_id = None
    if raw.get("class") is not None:
        term = taxonomy.problem_class(str(raw["class"]))
        if term is None:
            names = " | ".join(t.zh for t in taxonomy.PROBLEM_CLASSES)
            raise RubricError(f"{where}.class", f"{raw['class']!r} is not a problem class ({names})")
        cls_id = term.id
    if raw.get("urgency") is not None:
        term = taxonomy.urgency(str(raw["urgency"]))
        if term is None:
            names = " | ".join(t.zh for t in taxonomy.URGENCIES)
            raise RubricError(f"{where}.urgency", f"{raw['urgency']!r} is not an urgency ({names})")
        urg_id = term.id
    if not cls_id and not urg_id:
        raise RubricError(where, "needs a class or an urgency")
    return Diagnosis(cls_id, urg_id)


@dataclass(frozen=True)
class Rubric:
    """A scoring guide. ``reference_answer`` is optional; a question's own reference overrides it.

    ``question_id``, ``background``, ``reference_by_criterion`` and ``transcript`` are not part of the
    rubric file: they describe the question being scored, set by :meth:`for_question` (anchors tied to
    another question are then left out, and a hand alignment of the reference to the criteria is used)
    and :meth:`for_transcript`.
    """

    id: str
    title: str
    criteria: tuple[Criterion, ...]
    lang: str = "zh"
    anchors: tuple[Anchor, ...] = ()
    reference_answer: str = ""
    version: int = 1
    question_id: str | None = None
    background: str = ""
    reference_by_criterion: Mapping[str, str] = field(default_factory=dict)
    transcript: bool = False  # answers are role-play transcripts; the reference is a model session

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

    def question_anchors(self) -> tuple[Anchor, ...]:
        """The anchors usable for the question being scored: its own and the generic ones."""
        return tuple(a for a in self.anchors if a.serves(self.question_id))

    def for_question(
        self,
        question_id: str | None,
        *,
        background: str = "",
        reference_by_criterion: Mapping[str, Any] | None = None,
    ) -> Rubric:
        """This rubric as used for one question: its anchors, its background and its hand alignment of
        the reference to the criteria (unknown criterion ids and empty texts are ignored)."""
        from dataclasses import replace

        aligned = {
            str(k): str(v).strip()
            for k, v in (reference_by_criterion or {}).items()
            if str(k) in {c.id for c in self.criteria} and isinstance(v, str) and v.strip()
        }
        return replace(
            self, question_id=question_id, background=background or "", reference_by_criterion=aligned
        )

    def for_transcript(self) -> Rubric:
        """This rubric as used for role-play transcripts, whose reference is the scenario's model session
        (a session that follows it closely is not a copied answer)."""
        from dataclasses import replace

        return replace(self, transcript=True)

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
            concepts = _concepts(rc.get("key_points"), f"{where}.key_points")
            criteria.append(
                Criterion(
                    id=cid,
                    name=str(rc.get("name") or cid),
                    max=cmax,
                    description=str(rc.get("description") or ""),
                    levels=levels,
                    key_points=tuple(k.concept for k in concepts),
                    concepts=concepts,
                    must_not=_concepts(rc.get("must_not"), f"{where}.must_not", must_not=True),
                    diagnosis=_diagnosis(rc.get("diagnosis"), f"{where}.diagnosis"),
                    order=_orders(rc.get("order"), f"{where}.order", concepts, cmax),
                )
            )
        every_point = {k.concept for c in criteria for k in c.concepts}
        for i, c in enumerate(criteria):
            for j, o in enumerate(c.order):
                stray = [b for b in o.before if b not in every_point or b == o.first]
                if stray:
                    raise RubricError(
                        f"criteria[{i}].order[{j}].before", f"{stray[0]!r} is not another key point"
                    )
        anchors: list[Anchor] = []
        raw_anchors = data.get("anchors") or []
        if not isinstance(raw_anchors, list):
            raise RubricError("anchors", "must be a list")
        for i, ra in enumerate(raw_anchors):
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
            question = ra.get("question")
            if question is not None and (not isinstance(question, str) or not question.strip()):
                raise RubricError(f"{where}.question", "must be a question id")
            generic = ra.get("generic", False)
            if not isinstance(generic, bool):
                raise RubricError(f"{where}.generic", "must be true or false")
            if generic and question:
                raise RubricError(f"{where}.generic", "an anchor is tied to a question or generic, not both")
            anchors.append(
                Anchor(
                    answer=ra["answer"],
                    scores=dict(scores),
                    question=(question or "").strip(),
                    generic=generic,
                )
            )
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
        """The YAML/JSON shape, the inverse of :meth:`from_dict` (the question context is not included)."""
        out: dict[str, Any] = {"id": self.id, "title": self.title, "lang": self.lang, "criteria": []}
        for c in self.criteria:
            cd: dict[str, Any] = {"id": c.id, "name": c.name, "max": c.max}
            if c.description:
                cd["description"] = c.description
            if c.levels:
                cd["levels"] = {int(k): v for k, v in sorted(c.levels.items(), reverse=True)}
            if c.concepts:
                cd["key_points"] = [k.to_dict() for k in c.concepts]
            if c.must_not:
                cd["must_not"] = [k.to_dict(must_not=True) for k in c.must_not]
            if c.diagnosis:
                cd["diagnosis"] = c.diagnosis.to_dict()
            if c.order:
                cd["order"] = [o.to_dict() for o in c.order]
            out["criteria"].append(cd)
        if self.reference_answer:
            out["reference_answer"] = self.reference_answer
        if self.anchors:
            out["anchors"] = []
            for a in self.anchors:
                ad: dict[str, Any] = {"answer": a.answer, "scores": dict(a.scores)}
                if a.question:
                    ad["question"] = a.question
                if a.generic:
                    ad["generic"] = True
                out["anchors"].append(ad)
        return out


@dataclass
class CriterionScore:
    """One criterion's score with a verbatim quote from the answer (or "") and a short rationale.

    ``name`` is the criterion's name as people read it; ``missing`` what the answer did not say (the
    unmatched key points); ``violation`` the reason of a ``must_not`` or diagnosis hit that set it to 0.
    """

    id: str
    score: float
    max: float
    evidence: str = ""
    rationale: str = ""
    name: str = ""
    missing: list[str] = field(default_factory=list)
    violation: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The batch-output shape of one criterion (``name``, ``missing``, ``violation`` only when set)."""
        out: dict[str, Any] = {
            "id": self.id,
            "score": self.score,
            "max": self.max,
            "evidence": self.evidence,
            "rationale": self.rationale,
        }
        if self.name:
            out["name"] = self.name
        if self.missing:
            out["missing"] = list(self.missing)
        if self.violation:
            out["violation"] = self.violation
        return out


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
