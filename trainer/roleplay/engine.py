"""The customer-engine interface and the session state every engine reads and writes.

A session is driven as ``state = engine.new_state(); engine.opening(state); engine.reply(state, text)…``
until ``state.ended``. The state is plain data: :meth:`SessionState.to_dict` is what the database keeps
after each turn and :meth:`SessionState.from_dict` resumes it after a reload.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from trainer.roleplay.difficulty import DEFAULT_LEVEL, LEVELS, Level
from trainer.roleplay.scenario import END_STATES, MAX_ANGER, TRACKS, Scenario


class SessionEnded(RuntimeError):
    """Raised when a reply is sent to a session that has already reached an end state."""


@dataclass
class CustomerTurn:
    """One message of the customer with what the candidate's reply did to them."""

    turn: int  # 0 for the opening, then 1.. for each candidate reply
    message: str
    anger: int
    delta: int = 0
    fired: list[str] = field(default_factory=list)  # trigger ids, in scenario order
    red_lines: list[str] = field(default_factory=list)  # red-line ids crossed this turn
    end_state: str | None = None
    # Why the mood moved: one record per behaviour seen in the candidate's reply,
    # {"behaviour": trigger or detector id, "label": its name for people, "quote": verbatim words
    #  of the candidate, "delta": its share of the anger change}.
    reasons: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict of this turn."""
        return asdict(self)

    def entry(self, candidate: str) -> dict[str, Any]:
        """The transcript entry for this turn, with the candidate message that led to it."""
        out = self.to_dict()
        out["customer"] = out.pop("message")
        return {"turn": self.turn, "candidate": candidate, **{k: v for k, v in out.items() if k != "turn"}}


@dataclass
class SessionState:
    """Everything an engine needs to continue a session, and nothing that cannot go into JSON.

    ``transcript`` holds one entry per turn: ``{"turn", "candidate", "customer", "anger", "delta",
    "fired", "red_lines", "end_state"}`` (turn 0 is the opening, with an empty ``candidate``).
    ``red_lines`` holds one record per crossing: ``{"id", "label", "turn", "quote"}``.
    """

    scenario_id: str
    anger: int
    engine: str = "scripted"
    seed: int = 0
    turn: int = 0
    end_state: str | None = None
    transcript: list[dict[str, Any]] = field(default_factory=list)
    red_lines: list[dict[str, Any]] = field(default_factory=list)
    facts_given: list[str] = field(default_factory=list)
    high_streak: int = 0
    difficulty: str = DEFAULT_LEVEL
    # What the candidate has told the customer so far: trigger ids under explained/offered/promised,
    # and under "times" every time they gave, {"quote": their words, "value": normalised, "turn"}.
    memory: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def ended(self) -> bool:
        """Whether the session has reached an end state."""
        return self.end_state is not None

    @property
    def last_message(self) -> str:
        """The customer's most recent message ("" before the opening)."""
        return self.transcript[-1]["customer"] if self.transcript else ""

    def fired_ids(self) -> set[str]:
        """Every trigger id fired so far in the session."""
        return {tid for entry in self.transcript for tid in entry.get("fired", [])}

    def candidate_texts(self) -> list[str]:
        """The candidate's replies so far, oldest first."""
        return [e["candidate"] for e in self.transcript if e.get("turn", 0) > 0]

    def customer_texts(self) -> list[str]:
        """Everything the customer has said so far, oldest first."""
        return [e["customer"] for e in self.transcript]

    def anger_curve(self) -> list[tuple[int, int]]:
        """(turn, anger after that turn) for the opening and every reply."""
        return [(int(e["turn"]), int(e["anger"])) for e in self.transcript]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict; :meth:`from_dict` restores an equal state."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SessionState:
        """Restore a state saved by :meth:`to_dict`; raises ValueError on a malformed dict."""
        try:
            state = cls(
                scenario_id=str(data["scenario_id"]),
                anger=int(data["anger"]),
                engine=str(data.get("engine", "scripted")),
                seed=int(data.get("seed", 0)),
                turn=int(data.get("turn", 0)),
                end_state=data.get("end_state"),
                transcript=[dict(e) for e in data.get("transcript", [])],
                red_lines=[dict(r) for r in data.get("red_lines", [])],
                facts_given=[str(f) for f in data.get("facts_given", [])],
                high_streak=int(data.get("high_streak", 0)),
                difficulty=str(data.get("difficulty") or DEFAULT_LEVEL),
                memory={str(k): list(v) for k, v in dict(data.get("memory") or {}).items()},
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"not a role-play session state: {exc}") from None
        if state.end_state is not None and state.end_state not in END_STATES:
            raise ValueError(f"unknown end state {state.end_state!r}")
        if not 0 <= state.anger <= 10:
            raise ValueError("anger must be within 0..10")
        if state.difficulty not in LEVELS:
            raise ValueError(f"unknown difficulty {state.difficulty!r}")
        return state

    def remembered(self, kind: str) -> list[Any]:
        """What the customer remembers of one kind (``explained``, ``offered``, ``promised``, ``times``)."""
        return list(self.memory.get(kind, []))

    def last_time(self, step: str = "") -> str:
        """The candidate's own words for the latest time they gave, "" when none yet: of the latest turn
        that gave any, the first that came with ``step`` (a trigger id) when one did, else the first that
        came with no other step (the estimate asked for, not the courier's time beside a remedy), else
        the first (the commitment comes first; 到账 durations after it)."""
        times = self.memory.get("times") or []
        if not times:
            return ""
        latest = times[-1].get("turn")
        turn = [t for t in times if t.get("turn") == latest]
        for pick in (
            [t for t in turn if step and t.get("with") == step],
            [t for t in turn if not t.get("with")],
            turn,
        ):
            if pick:
                return str(pick[0]["quote"])
        return ""

    def remember(self, kind: str, item: Any) -> None:
        """Add ``item`` to what the customer remembers of ``kind`` (once)."""
        if kind not in (*TRACKS, "times"):
            raise ValueError(f"unknown memory kind {kind!r}")
        items = self.memory.setdefault(kind, [])
        if item not in items:
            items.append(item)


def new_state(scenario: Scenario, engine: str, seed: int = 0, difficulty: str | None = None) -> SessionState:
    """A fresh session at the level's starting anger, before the opening line (unknown level: standard)."""
    level = scenario.level(difficulty)
    return SessionState(
        scenario_id=scenario.id, anger=level.start, engine=engine, seed=seed, difficulty=level.id
    )


# Raising behaviours that are only empty talk (a script phrase, saying the same again, asking again for
# what the customer gave): the customer wears out on them, but is not wronged by them.
_EMPTY_BUILTINS = frozenset({"neutral", "stalling", "off_topic", "empty", "asked"})


def offends(scenario: Scenario, behaviour: str) -> bool:
    """Whether a raising behaviour wrongs the customer (a brush-off, rude words, an excuse, shifting the
    blame, suspicion, a red line that angers, telling them to drop their grievance and play a satisfied
    customer) rather than only talking emptily (a script phrase, stalling, repeating oneself, asking again
    for what they gave)."""
    if behaviour in ("rude", "injection"):
        return True
    if behaviour in _EMPTY_BUILTINS:
        return False
    for t in scenario.triggers:
        if t.id == behaviour:
            return t.delta > 0 and "canned" not in t.cues and t.detector not in ("repetition", "asked_again")
    return any(r.id == behaviour and r.delta > 0 for r in scenario.red_lines)


def wronged(scenario: Scenario, state: SessionState, reasons: list[dict[str, Any]]) -> bool:
    """Whether the customer has been wronged in this call: by this turn's behaviours (``reasons``) or an
    earlier turn's (the grievance stays once it is there)."""
    turns = [reasons, *(e.get("reasons") or [] for e in state.transcript)]
    return any(offends(scenario, str(r.get("behaviour"))) for rs in turns for r in rs)


def end_state_after(
    scenario: Scenario,
    level: Level,
    *,
    fired: set[str],
    forced: list[str],
    anger: int,
    streak: int,
    turn_no: int,
    wronged: bool = False,
    crossed: bool = False,
    settling: bool = False,
) -> str | None:
    """The one end rule of every engine: forced ends, the customer leaving, resolved, the turn limit.

    The customer leaves when a trigger or red line forces it (``forced``), when anger reaches 10 or
    when anger stays at the hang-up level for the level's ``patience`` turns. *How* they leave follows
    how they were treated: a customer wronged in the call (``wronged``: brushed off, insulted, blamed,
    suspected, a red line that angers; see :func:`offends`) takes it further and escalates; one worn
    out by empty talk alone (script phrases, stalling, nothing new) gives up and hangs up. ``fired`` is every
    trigger seen in the session including this turn. Resolved needs anger at or below the scenario's
    level, every required step among ``fired`` *and* no red line crossed in the session (``crossed``): a
    customer pleased by a leaked phone number or a promise beyond policy was not served within the rules,
    so the call goes on (and may run out of turns) instead of counting as handled.

    A customer who has everything their goal needs also settles one point above the scenario's level
    when the reply that completed it, or a later one, brought their anger down (``settling``: anger fell
    this turn): anger moves at most ``max_step`` a turn, so a short call that gives everything in two or
    three complete replies from a high start would otherwise stay open with nothing left to ask for.
    """
    leaving = "escalated" if wronged else "hung_up"
    if forced:
        return leaving if forced[0] in ("escalated", "hung_up") else forced[0]
    if anger >= MAX_ANGER or streak >= level.patience:
        return leaving
    settled = scenario.resolve_max_anger + (1 if settling else 0)
    if anger <= settled and set(scenario.resolve_requires) <= fired and not crossed:
        return "resolved"
    if turn_no >= scenario.turn_limit:
        return "out_of_turns"
    return None


def missing_steps(scenario: Scenario, fired: set[str]) -> list[str]:
    """The required steps not yet taken, in the scenario's order."""
    return [step for step in scenario.resolve_requires if step not in fired]


def shares(raw: list[int], delta: int) -> list[int]:
    """Split the actual anger change ``delta`` over behaviours whose raw effects were ``raw``.

    When nothing was clamped the shares are the raw effects; otherwise the clamped amount is taken
    from the largest effects of the clamped direction first. The shares always add up to ``delta``.
    """
    out = list(raw)
    diff = delta - sum(out)
    while diff:
        sign = 1 if diff > 0 else -1
        # Move the effect furthest in the opposite direction one step towards delta.
        candidates = [i for i, v in enumerate(out) if v * sign < 0]
        if not candidates:
            candidates = list(range(len(out)))
            if not candidates:
                break
        i = max(candidates, key=lambda k: (abs(out[k]), -k))
        out[i] += sign
        diff -= sign
    return out


class CustomerEngine(Protocol):
    """What every simulated customer offers (the scripted one now, an LLM-backed one later).

    ``reply`` mutates ``state`` only when it succeeds, so a failed turn can be retried or handed to
    another engine with the same state.
    """

    name: str
    scenario: Scenario

    def new_state(self, difficulty: str | None = None) -> SessionState:
        """A fresh session at the level's starting anger (``standard`` when None), before the opening line."""
        ...

    def opening(self, state: SessionState) -> CustomerTurn:
        """The customer's first message (turn 0), recorded in ``state``."""
        ...

    def reply(self, state: SessionState, candidate_text: str) -> CustomerTurn:
        """The customer's answer to one candidate message, recorded in ``state``; SessionEnded if over."""
        ...
