"""Role-play scenarios: the YAML shape in ``question_bank/scenarios/``, validated into plain dataclasses.

A scenario is a customer persona with hidden state (goal, what they will accept, what angers them) and
the customer's own lines. :meth:`Scenario.from_dict` validates and names the bad field;
:meth:`Scenario.public_view` is the only part that may reach the candidate's browser.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from trainer.roleplay.difficulty import DEFAULT_LEVEL, LEVELS, Level, parse_levels

BANDS = ("calm", "annoyed", "angry", "furious")
# Upper bound (inclusive) of each band on the 0..10 anger scale.
BAND_TOPS = {"calm": 3, "annoyed": 6, "angry": 8, "furious": 10}
END_STATES = ("resolved", "escalated", "hung_up", "out_of_turns")
DETECTORS = ("repetition", "asked_again")
MAX_ANGER = 10
CUES = (
    "apology",
    "ownership",
    "callback",
    "report",
    "canned",
    "dismissive",
    "blame",
)  # built-in cue sets, see trainer.roleplay.cues
TRACKS = ("explained", "offered", "promised")  # what a trigger tells the customer, kept in session memory
TIME_KEY = "time"  # in line conditions: a time or deadline has been given


def band_of(anger: int) -> str:
    """The mood band (calm/annoyed/angry/furious) of an anger level 0..10."""
    for band in BANDS:
        if anger <= BAND_TOPS[band]:
            return band
    return BANDS[-1]


class ScenarioError(ValueError):
    """A scenario that cannot be used; ``field`` names the offending part (e.g. ``triggers.raise[2].delta``)."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Persona:
    """Who the customer is: ``name`` and ``profile`` are public, ``background``/``temperament`` hidden."""

    name: str
    profile: str
    background: str
    temperament: str


@dataclass(frozen=True)
class Fact:
    """Something the customer knows. ``ask`` phrases are how a candidate asks for it; ``answer`` is the
    customer's reply the first time. Once ``value`` has been said (or asked for), asking again annoys."""

    id: str
    text: str
    value: str = ""
    ask: tuple[str, ...] = ()
    answer: str = ""
    examples: tuple[str, ...] = ()  # ways of asking for it, matched by meaning


@dataclass(frozen=True)
class LineRule:
    """When a customer line may be said: ``unless`` any of these happened, ``after`` all of these did,
    and, with ``said``, only when the reply it answers says one of those words or phrases (by meaning:
    the word, its synonyms, or a phrase matched like an example), so a line naming one detail (眼镜) is
    not said to a reply that gave another (the old photo).

    The names are trigger ids or ``time`` (the candidate gave a time). A line holding ``{time}`` is said
    only once a time was given, with the candidate's own words for it.
    """

    unless: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    said: tuple[str, ...] = ()  # the candidate's reply must say one of these (by meaning) for the line


@dataclass(frozen=True)
class Trigger:
    """Something the candidate may say that moves anger by ``delta`` (>0 raises, <0 lowers).

    Fired by any of ``phrases`` (negation-aware), ``patterns`` (regular expressions), ``examples``
    (utterances matched by meaning), ``times`` (the reply states a time, date or deadline) or a built-in
    ``detector`` (``repetition``, ``asked_again``). Lowering triggers count once per session unless
    ``repeatable``. ``ends`` names an end state the trigger forces (e.g. ``hung_up``). ``tracks`` says
    what the customer remembers when it fires: ``explained``, ``offered`` or ``promised``. ``cues`` names
    built-in everyday ways of saying it (``apology``, ``ownership``, ``callback``, ``report``; see
    :mod:`trainer.roleplay.cues`).
    """

    id: str
    label: str
    delta: int
    phrases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    detector: str = ""
    lines: tuple[str, ...] = ()
    repeatable: bool = False
    ends: str = ""
    examples: tuple[str, ...] = ()
    times: bool = False
    tracks: str = ""
    unless: tuple[str, ...] = ()  # not fired when one of these triggers fires in the same reply
    cues: tuple[str, ...] = ()  # built-in everyday ways of saying it (trainer.roleplay.cues.CUES)


@dataclass(frozen=True)
class RedLine:
    """A policy line the candidate must not cross; recorded with the turn and quote whenever crossed."""

    id: str
    label: str
    phrases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    delta: int = 0
    ends: str = ""


@dataclass(frozen=True)
class Scenario:
    """A validated role-play scenario. Build with :meth:`from_dict` or :func:`load_scenario`."""

    id: str
    title: str
    lang: str
    industry: str
    rubric: str
    brief: str
    customer: Persona
    customer_facts: tuple[Fact, ...]
    system_info: tuple[tuple[str, str], ...]
    policy: tuple[str, ...]
    goal: str
    accepts: tuple[str, ...]
    anger_start: int
    max_step: int
    idle_delta: int
    mood_visible: bool
    turn_limit: int
    opening: tuple[str, ...]
    triggers: tuple[Trigger, ...]
    red_lines: tuple[RedLine, ...]
    resolve_max_anger: int
    resolve_requires: tuple[str, ...]
    hang_up_anger: int
    hang_up_turns: int
    lines: Mapping[str, tuple[str, ...]]
    closing: Mapping[str, tuple[str, ...]]
    samples: Mapping[str, tuple[str, ...]]
    source: Mapping[str, Any]
    rules: Mapping[str, LineRule] = field(default_factory=dict)  # by line text
    asks: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # required step id -> lines
    levels: Mapping[str, Level] = field(default_factory=dict)

    def level(self, level_id: str | None) -> Level:
        """The difficulty level with this id (``standard`` when unknown or None)."""
        if level_id is not None and level_id in self.levels:
            return self.levels[level_id]
        if DEFAULT_LEVEL in self.levels:
            return self.levels[DEFAULT_LEVEL]
        return Level(DEFAULT_LEVEL, self.anger_start, self.max_step, self.hang_up_turns, self.idle_delta)

    def rule(self, line: str) -> LineRule:
        """When ``line`` may be said (no condition when the author set none)."""
        return self.rules.get(line, _NO_RULE)

    def trigger(self, trigger_id: str) -> Trigger:
        """The trigger with this id; KeyError when there is none."""
        for t in self.triggers:
            if t.id == trigger_id:
                return t
        raise KeyError(trigger_id)

    def label_of(self, item_id: str) -> str:
        """The human label of a trigger or red line id (the id itself when unknown)."""
        labels = {t.id: t.label for t in self.triggers} | {r.id: r.label for r in self.red_lines}
        return labels.get(item_id, item_id)

    def to_dict(self) -> dict[str, Any]:
        """The YAML shape this scenario was built from (a deep copy, safe to store as JSON)."""
        return copy.deepcopy(dict(self.source))

    def public_view(self) -> dict[str, Any]:
        """What the candidate may see before the end: no goal, accepted outcomes, triggers or lines."""
        view: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "lang": self.lang,
            "industry": self.industry,
            "brief": self.brief,
            "customer": {"name": self.customer.name, "profile": self.customer.profile},
            "system_info": [{"label": k, "value": v} for k, v in self.system_info],
            "policy": list(self.policy),
            "turn_limit": self.turn_limit,
            "mood_visible": self.mood_visible,
        }
        if self.mood_visible:
            view["anger_start"] = self.anger_start
        view["levels"] = [lvl for lvl in LEVELS if lvl in self.levels] or [DEFAULT_LEVEL]
        return view

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Scenario:
        """Build and validate a scenario from its YAML shape; raises ScenarioError naming the field."""
        return _Parser(data).scenario()


def load_scenario(path: str | Path) -> Scenario:
    """Read one scenario YAML file; its ``id`` must equal the file name without ``.yaml``."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ScenarioError(path.name, f"is not valid YAML: {exc}") from None
    scenario = Scenario.from_dict(data)
    if scenario.id != path.stem:
        raise ScenarioError("id", f"{scenario.id!r} does not match the file name {path.name!r}")
    return scenario


def load_scenarios(folder: str | Path) -> dict[str, Scenario]:
    """Every ``*.yaml`` scenario in ``folder`` by id (files starting with ``_`` are skipped)."""
    out: dict[str, Scenario] = {}
    for path in sorted(Path(folder).glob("*.yaml")):
        if not path.name.startswith("_"):
            scenario = load_scenario(path)
            out[scenario.id] = scenario
    return out


_NO_RULE = LineRule()


class _Parser:
    """Validates one scenario dict field by field, naming the first bad field it meets."""

    def __init__(self, data: Mapping[str, Any]):
        if not isinstance(data, Mapping):
            raise ScenarioError("scenario", "must be a mapping")
        self.data = data
        self.rules: dict[str, LineRule] = {}

    def lines(self, value: Any, where: str, minimum: int = 0) -> tuple[str, ...]:
        """Customer lines: texts, or ``{text, unless: [...], after: [...]}`` mappings (kept in rules)."""
        if value is None:
            value = []
        if not isinstance(value, list):
            return self.texts(value, where, minimum)
        out: list[str] = []
        for i, item in enumerate(value):
            if isinstance(item, Mapping):
                line = self.text(item, "text", f"{where}[{i}].text")
                rule = LineRule(
                    unless=self.texts(item.get("unless"), f"{where}[{i}].unless"),
                    after=self.texts(item.get("after"), f"{where}[{i}].after"),
                    said=self.texts(item.get("said"), f"{where}[{i}].said"),
                )
                if rule.unless or rule.after or rule.said:
                    self.rules[line] = rule
                out.append(line)
            else:
                out.extend(self.texts([item], f"{where}[{i}]"))
        if len(out) < minimum:
            raise ScenarioError(where, f"needs at least {minimum} entries")
        return tuple(out)

    # -- small typed readers ------------------------------------------------------------------
    @staticmethod
    def text(m: Mapping[str, Any], key: str, where: str, required: bool = True) -> str:
        value = m.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool) or not str(value).strip():
            raise ScenarioError(where, "is required text")
        return str(value).strip()

    @staticmethod
    def texts(value: Any, where: str, minimum: int = 0) -> tuple[str, ...]:
        if value is None:
            value = []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise ScenarioError(where, "must be a list of non-empty texts")
        if len(value) < minimum:
            raise ScenarioError(where, f"needs at least {minimum} entries")
        return tuple(v.strip() for v in value)

    @staticmethod
    def integer(
        m: Mapping[str, Any], key: str, where: str, lo: int, hi: int, default: int | None = None
    ) -> int:
        value = m.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise ScenarioError(where, f"must be a whole number in {lo}..{hi}")
        return value

    @staticmethod
    def mapping(m: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
        value = m.get(key)
        if not isinstance(value, Mapping):
            raise ScenarioError(where, "must be a mapping")
        return value

    @staticmethod
    def patterns(value: Any, where: str) -> tuple[str, ...]:
        out = _Parser.texts(value, where)
        for i, p in enumerate(out):
            try:
                re.compile(p)
            except re.error as exc:
                raise ScenarioError(f"{where}[{i}]", f"is not a valid regular expression: {exc}") from None
        return out

    # -- parts ------------------------------------------------------------------------------------
    def trigger(self, raw: Any, where: str, sign: int) -> Trigger:
        if not isinstance(raw, Mapping):
            raise ScenarioError(where, "must be a mapping")
        delta = raw.get("delta")
        if isinstance(delta, bool) or not isinstance(delta, int) or delta == 0 or (delta > 0) != (sign > 0):
            kind = "positive (raises anger)" if sign > 0 else "negative (lowers anger)"
            raise ScenarioError(f"{where}.delta", f"must be a {kind} whole number")
        detector = str(raw.get("detector") or "")
        if detector and detector not in DETECTORS:
            raise ScenarioError(f"{where}.detector", f"must be one of {', '.join(DETECTORS)}")
        ends = self.end_state(raw, f"{where}.ends")  # a trigger that ends the session speaks a closing line
        tracks = str(raw.get("tracks") or "")
        if tracks and tracks not in TRACKS:
            raise ScenarioError(f"{where}.tracks", f"must be one of {', '.join(TRACKS)}")
        trig = Trigger(
            id=self.text(raw, "id", f"{where}.id"),
            label=self.text(raw, "label", f"{where}.label"),
            delta=delta,
            phrases=self.texts(raw.get("phrases"), f"{where}.phrases"),
            patterns=self.patterns(raw.get("patterns"), f"{where}.patterns"),
            detector=detector,
            lines=self.lines(raw.get("lines"), f"{where}.lines", minimum=0 if ends else 2),
            repeatable=bool(raw.get("repeatable", False)),
            ends=ends,
            examples=self.texts(raw.get("examples"), f"{where}.examples"),
            times=bool(raw.get("times", False)),
            tracks=tracks,
            unless=self.texts(raw.get("unless"), f"{where}.unless"),
            cues=self.texts(raw.get("cues"), f"{where}.cues"),
        )
        unknown = [c for c in trig.cues if c not in CUES]
        if unknown:
            raise ScenarioError(f"{where}.cues", f"must be among {', '.join(CUES)}")
        if not (trig.phrases or trig.patterns or trig.detector or trig.examples or trig.times or trig.cues):
            raise ScenarioError(where, "needs phrases, patterns, examples, times, cues or a detector")
        return trig

    def end_state(self, raw: Mapping[str, Any], where: str) -> str:
        ends = str(raw.get("ends") or "")
        if ends and ends not in END_STATES:
            raise ScenarioError(where, f"must be one of {', '.join(END_STATES)}")
        return ends

    def red_line(self, raw: Any, where: str) -> RedLine:
        if not isinstance(raw, Mapping):
            raise ScenarioError(where, "must be a mapping")
        line = RedLine(
            id=self.text(raw, "id", f"{where}.id"),
            label=self.text(raw, "label", f"{where}.label"),
            phrases=self.texts(raw.get("phrases"), f"{where}.phrases"),
            patterns=self.patterns(raw.get("patterns"), f"{where}.patterns"),
            delta=self.integer(raw, "delta", f"{where}.delta", -MAX_ANGER, MAX_ANGER, default=0),
            ends=self.end_state(raw, f"{where}.ends"),
        )
        if not (line.phrases or line.patterns):
            raise ScenarioError(where, "needs phrases or patterns")
        return line

    def fact(self, raw: Any, where: str) -> Fact:
        if not isinstance(raw, Mapping):
            raise ScenarioError(where, "must be a mapping")
        fact = Fact(
            id=self.text(raw, "id", f"{where}.id"),
            text=self.text(raw, "text", f"{where}.text"),
            value=self.text(raw, "value", f"{where}.value", required=False),
            ask=self.texts(raw.get("ask"), f"{where}.ask"),
            answer=self.text(raw, "answer", f"{where}.answer", required=False),
            examples=self.texts(raw.get("examples"), f"{where}.examples"),
        )
        if (fact.ask or fact.examples) and not fact.answer:
            raise ScenarioError(f"{where}.answer", "is required when ask phrases are given")
        return fact

    def scenario(self) -> Scenario:
        d = self.data
        lang = self.text(d, "lang", "lang")
        if lang not in ("zh", "en"):
            raise ScenarioError("lang", "must be zh or en")
        cust = self.mapping(d, "customer", "customer")
        persona = Persona(
            name=self.text(cust, "name", "customer.name"),
            profile=self.text(cust, "profile", "customer.profile", required=False),
            background=self.text(cust, "background", "customer.background"),
            temperament=self.text(cust, "temperament", "customer.temperament"),
        )
        facts = d.get("customer_facts") or []
        if not isinstance(facts, list):
            raise ScenarioError("customer_facts", "must be a list")
        info_raw = d.get("system_info") or []
        if not isinstance(info_raw, list):
            raise ScenarioError("system_info", "must be a list of {label, value}")
        info: list[tuple[str, str]] = []
        for i, item in enumerate(info_raw):
            if not isinstance(item, Mapping):
                raise ScenarioError(f"system_info[{i}]", "must be a mapping with label and value")
            info.append(
                (
                    self.text(item, "label", f"system_info[{i}].label"),
                    self.text(item, "value", f"system_info[{i}].value"),
                )
            )
        hidden = self.mapping(d, "hidden", "hidden")
        anger = self.mapping(d, "anger", "anger")
        trig_raw = self.mapping(d, "triggers", "triggers")
        triggers: list[Trigger] = []
        for kind, sign in (("raise", 1), ("lower", -1)):
            items = trig_raw.get(kind) or []
            if not isinstance(items, list) or not items:
                raise ScenarioError(f"triggers.{kind}", "needs at least one trigger")
            triggers += [self.trigger(t, f"triggers.{kind}[{i}]", sign) for i, t in enumerate(items)]
        red_raw = d.get("red_lines") or []
        if not isinstance(red_raw, list):
            raise ScenarioError("red_lines", "must be a list")
        red_lines = [self.red_line(r, f"red_lines[{i}]") for i, r in enumerate(red_raw)]
        seen: set[str] = set()
        for item, where in [(t, "triggers") for t in triggers] + [(r, "red_lines") for r in red_lines]:
            if item.id in seen:
                raise ScenarioError(where, f"duplicate id {item.id!r}")
            seen.add(item.id)
        ends = self.mapping(d, "end_states", "end_states")
        resolved = self.mapping(ends, "resolved", "end_states.resolved")
        requires = self.texts(resolved.get("requires"), "end_states.resolved.requires")
        trigger_ids = {t.id for t in triggers}
        for trig in triggers:
            for other in trig.unless:
                if other not in trigger_ids:
                    raise ScenarioError(f"triggers.{trig.id}.unless", f"unknown trigger {other!r}")
        for i, rid in enumerate(requires):
            if rid not in trigger_ids:
                raise ScenarioError(f"end_states.resolved.requires[{i}]", f"unknown trigger {rid!r}")
        hang = ends.get("hung_up") or {}
        if not isinstance(hang, Mapping):
            raise ScenarioError("end_states.hung_up", "must be a mapping")
        lines_raw = self.mapping(d, "lines", "lines")
        lines = {b: self.lines(lines_raw.get(b), f"lines.{b}", minimum=2) for b in BANDS}
        closing_raw = self.mapping(d, "closing", "closing")
        closing = {e: self.lines(closing_raw.get(e), f"closing.{e}", minimum=1) for e in END_STATES}
        asks_raw = d.get("asks") or {}
        if not isinstance(asks_raw, Mapping):
            raise ScenarioError("asks", "must map trigger ids to the customer's lines asking for them")
        asks: dict[str, tuple[str, ...]] = {}
        for key, value in asks_raw.items():
            if key not in trigger_ids:
                raise ScenarioError(f"asks.{key}", f"unknown trigger {key!r}")
            asks[str(key)] = self.lines(value, f"asks.{key}", minimum=1)
        known = trigger_ids | {TIME_KEY}
        for line, rule in self.rules.items():
            for name in (*rule.unless, *rule.after):
                if name not in known:
                    raise ScenarioError("lines", f"condition {name!r} of {line[:20]!r} is not a trigger id")
        anger_start = self.integer(anger, "start", "anger.start", 0, MAX_ANGER)
        max_step = self.integer(anger, "max_step", "anger.max_step", 1, MAX_ANGER, default=2)
        idle = self.integer(anger, "idle", "anger.idle", 0, MAX_ANGER, default=1)
        hang_turns = self.integer(hang, "turns", "end_states.hung_up.turns", 1, 50, default=3)
        try:
            levels = parse_levels(
                d.get("difficulty"),
                Level(DEFAULT_LEVEL, min(anger_start, 9), max_step, hang_turns, min(idle, 5)),
            )
        except ValueError as exc:
            where, _, message = str(exc).partition(": ")
            raise ScenarioError(where, message) from None
        samples_raw = d.get("samples") or {}
        if not isinstance(samples_raw, Mapping):
            raise ScenarioError("samples", "must map good/bad to lists of replies")
        samples = {k: self.texts(samples_raw.get(k), f"samples.{k}") for k in ("good", "bad")}
        return Scenario(
            id=self.text(d, "id", "id"),
            title=self.text(d, "title", "title"),
            lang=lang,
            industry=self.text(d, "industry", "industry"),
            rubric=self.text(d, "rubric", "rubric"),
            brief=self.text(d, "brief", "brief"),
            customer=persona,
            customer_facts=tuple(self.fact(f, f"customer_facts[{i}]") for i, f in enumerate(facts)),
            system_info=tuple(info),
            policy=self.texts(d.get("policy"), "policy"),
            goal=self.text(hidden, "goal", "hidden.goal"),
            accepts=self.texts(hidden.get("accepts"), "hidden.accepts", minimum=1),
            anger_start=anger_start,
            max_step=max_step,
            idle_delta=idle,
            mood_visible=str(anger.get("visible", "shown")) not in ("hidden", "False", "false"),
            turn_limit=self.integer(d, "turn_limit", "turn_limit", 1, 50),
            opening=self.texts(d.get("opening"), "opening", minimum=1),
            triggers=tuple(triggers),
            red_lines=tuple(red_lines),
            resolve_max_anger=self.integer(
                resolved, "max_anger", "end_states.resolved.max_anger", 0, MAX_ANGER - 1
            ),
            resolve_requires=requires,
            hang_up_anger=self.integer(hang, "anger", "end_states.hung_up.anger", 1, MAX_ANGER, default=8),
            hang_up_turns=hang_turns,
            lines=lines,
            closing=closing,
            samples=samples,
            source=copy.deepcopy(dict(d)),
            rules=dict(self.rules),
            asks=asks,
            levels=levels,
        )
