"""The scripted customer: a deterministic engine that plays a scenario from its own lines.

Each candidate reply is checked against the scenario's triggers (negation-aware phrase search, regular
expressions, and two built-in detectors: the candidate repeating an earlier reply, and asking again for a
fact the customer already gave) and red lines. Anger moves by the sum of what fired, clamped to the
scenario's step and to 0..10; the customer's line is chosen by what fired and the mood band, never the
same as the previous message. The same scenario, seed and replies always give the same session.
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from trainer.grading.text import find_phrase, normalize, split_sentences
from trainer.roleplay.engine import CustomerTurn, SessionEnded, SessionState
from trainer.roleplay.scenario import MAX_ANGER, Fact, Scenario, band_of

REPEAT_SIMILARITY = 0.85  # a reply this close to an earlier one counts as repeating it
_MIN_REPEAT_CHARS = 8
_ASK_CUES_ZH = (
    "？",
    "?",
    "吗",
    "请",
    "麻烦",
    "提供",
    "告诉",
    "报一下",
    "说一下",
    "多少",
    "哪",
    "什么",
    "确认一下",
    "核对",
)
_ASK_CUES_EN = ("?", "could you", "can you", "please", "what", "which", "confirm", "tell me", "provide")
_PUNCT = re.compile(r"[\W_]+", re.UNICODE)


@dataclass
class Detection:
    """What one candidate reply set off: trigger ids with quotes, red lines with quotes, facts asked."""

    triggers: dict[str, str]
    red_lines: dict[str, str]
    facts_answered: list[Fact]


def _says(text: str, phrases: Iterable[str], patterns: Iterable[str]) -> str | None:
    """The verbatim quote of the first phrase (negation-aware) or pattern found in ``text``."""
    for phrase in phrases:
        quote = find_phrase(text, phrase)
        if quote:
            return quote
    for pattern in patterns:
        m = re.search(pattern, text, re.IGNORECASE)
        if m:
            return m.group(0)
    return None


def _squash(text: str) -> str:
    return _PUNCT.sub("", normalize(text))


def repeats_earlier(text: str, earlier: Sequence[str]) -> str | None:
    """The earlier reply that ``text`` repeats nearly verbatim (similarity ≥ REPEAT_SIMILARITY), or None."""
    now = _squash(text)
    if len(now) < _MIN_REPEAT_CHARS:
        return None
    for before in reversed(earlier):
        old = _squash(before)
        if old and difflib.SequenceMatcher(None, now, old, autojunk=False).ratio() >= REPEAT_SIMILARITY:
            return before
    return None


def asks_for(text: str, fact: Fact) -> str | None:
    """The sentence of ``text`` that asks for ``fact`` (an ask phrase plus a question cue), or None.

    Mentioning the fact's value (reading it back) is not asking for it.
    """
    if not fact.ask or (fact.value and _squash(fact.value) in _squash(text)):
        return None
    for sentence in split_sentences(text):
        if _says(sentence, fact.ask, ()) is None:
            continue
        low = normalize(sentence)
        if any(cue in low for cue in _ASK_CUES_ZH + _ASK_CUES_EN):
            return sentence
    return None


class ScriptedCustomer:
    """A deterministic simulated customer for one scenario; ``seed`` varies the lines between sessions."""

    name = "scripted"

    def __init__(self, scenario: Scenario, seed: int = 0):
        self.scenario = scenario
        self.seed = seed

    def new_state(self) -> SessionState:
        """A fresh session at the scenario's starting anger, before the opening line."""
        return SessionState(
            scenario_id=self.scenario.id, anger=self.scenario.anger_start, engine=self.name, seed=self.seed
        )

    def opening(self, state: SessionState) -> CustomerTurn:
        """The customer's first message (turn 0), recorded in ``state``; the same turn again if already said."""
        if state.transcript:
            first = state.transcript[0]
            return CustomerTurn(turn=0, message=first["customer"], anger=first["anger"])
        message = self._pick(self.scenario.opening, state, "opening", "")
        turn = CustomerTurn(turn=0, message=message, anger=state.anger)
        state.transcript.append(turn.entry(""))
        return turn

    # -- detection ----------------------------------------------------------------------------------
    def detect(self, state: SessionState, text: str) -> Detection:
        """Which triggers and red lines ``text`` sets off given the session so far (state is not changed)."""
        sc = self.scenario
        said_before = " ".join(state.customer_texts())
        given = set(state.facts_given) | {
            f.id for f in sc.customer_facts if f.value and _squash(f.value) in _squash(said_before)
        }
        asked_again: str | None = None
        answered: list[Fact] = []
        for fact in sc.customer_facts:
            quote = asks_for(text, fact)
            if quote is None:
                continue
            if fact.id in given:
                asked_again = asked_again or quote
            else:
                answered.append(fact)
        repeated = repeats_earlier(text, state.candidate_texts())
        fired: dict[str, str] = {}
        for trig in sc.triggers:
            if trig.detector == "repetition":
                quote = text if repeated else None
            elif trig.detector == "asked_again":
                quote = asked_again
            else:
                quote = _says(text, trig.phrases, trig.patterns)
            if quote:
                fired[trig.id] = quote
        crossed = {}
        for line in sc.red_lines:
            quote = _says(text, line.phrases, line.patterns)
            if quote:
                crossed[line.id] = quote
        return Detection(triggers=fired, red_lines=crossed, facts_answered=answered)

    # -- one turn -------------------------------------------------------------------------------------
    def reply(self, state: SessionState, candidate_text: str) -> CustomerTurn:
        """The customer's answer to one candidate message, recorded in ``state``; SessionEnded if over."""
        if state.ended:
            raise SessionEnded(f"session already ended: {state.end_state}")
        if not state.transcript:
            self.opening(state)
        sc = self.scenario
        text = (candidate_text or "").strip()
        found = self.detect(state, text)
        earlier = state.fired_ids()
        turn_no = state.turn + 1

        raw = 0
        new_lowering: list[str] = []
        for tid in found.triggers:
            trig = sc.trigger(tid)
            if trig.delta > 0:
                raw += trig.delta
            elif trig.repeatable or tid not in earlier:
                raw += trig.delta
                new_lowering.append(tid)
        raw += sum(line.delta for line in sc.red_lines if line.id in found.red_lines)
        if not found.triggers and not found.red_lines and not found.facts_answered:
            raw = sc.idle_delta
        step = max(-sc.max_step, min(sc.max_step, raw))
        anger = max(0, min(MAX_ANGER, state.anger + step))
        streak = state.high_streak + 1 if anger >= sc.hang_up_anger else 0

        end = self._end_state(state, found, anger, streak, turn_no)
        message = self._message(state, found, new_lowering, anger, end, turn_no)

        turn = CustomerTurn(
            turn=turn_no,
            message=message,
            anger=anger,
            delta=anger - state.anger,
            fired=list(found.triggers),
            red_lines=list(found.red_lines),
            end_state=end,
        )
        # Apply only now, so an exception above leaves the state as it was.
        state.turn = turn_no
        state.anger = anger
        state.high_streak = streak
        state.end_state = end
        state.facts_given = list(dict.fromkeys([*state.facts_given, *(f.id for f in found.facts_answered)]))
        state.red_lines.extend(
            {"id": rid, "label": sc.label_of(rid), "turn": turn_no, "quote": quote}
            for rid, quote in found.red_lines.items()
        )
        state.transcript.append(turn.entry(text))
        return turn

    def _end_state(
        self, state: SessionState, found: Detection, anger: int, streak: int, turn_no: int
    ) -> str | None:
        sc = self.scenario
        forced = [r.ends for r in sc.red_lines if r.id in found.red_lines and r.ends]
        forced += [sc.trigger(t).ends for t in found.triggers if sc.trigger(t).ends]
        if forced:
            return forced[0]
        if anger >= MAX_ANGER:
            return "escalated"
        if streak >= sc.hang_up_turns:
            return "hung_up"
        fired = state.fired_ids() | set(found.triggers)
        if anger <= sc.resolve_max_anger and set(sc.resolve_requires) <= fired:
            return "resolved"
        if turn_no >= sc.turn_limit:
            return "out_of_turns"
        return None

    def _message(
        self,
        state: SessionState,
        found: Detection,
        new_lowering: list[str],
        anger: int,
        end: str | None,
        turn_no: int,
    ) -> str:
        sc = self.scenario
        sep = "" if sc.lang == "zh" else " "
        if end is not None:
            return self._pick(sc.closing[end], state, f"close-{end}-{turn_no}", state.last_message)
        raising = [sc.trigger(t) for t in found.triggers if sc.trigger(t).delta > 0]
        answers = sep.join(f.answer for f in found.facts_answered)
        if raising:
            top = max(raising, key=lambda t: t.delta)  # max keeps the first of equals: scenario order
            line = self._pick(top.lines, state, f"{top.id}-{turn_no}", state.last_message)
            return sep.join(p for p in (line, answers) if p)
        if new_lowering:
            # The strongest new step (the later one among equals) is what the customer answers to.
            order = {tid: i for i, tid in enumerate(new_lowering)}
            trig = max((sc.trigger(t) for t in new_lowering), key=lambda t: (-t.delta, order[t.id]))
            line = self._pick(trig.lines, state, f"{trig.id}-{turn_no}", state.last_message)
        else:
            band = band_of(anger)
            line = self._pick(sc.lines[band], state, f"{band}-{turn_no}", state.last_message)
        return sep.join(p for p in (answers, line) if p)

    def _pick(self, options: Sequence[str], state: SessionState, key: str, avoid: str) -> str:
        """A deterministic choice among ``options`` that does not appear in ``avoid`` (the last message)."""
        digest = hashlib.sha256(f"{self.scenario.id}|{state.seed}|{key}".encode()).hexdigest()
        start = int(digest[:12], 16) % len(options)
        for i in range(len(options)):
            option = options[(start + i) % len(options)]
            if not avoid or option not in avoid:
                return option
        return options[start]


def play(scenario: Scenario, replies: Iterable[str], seed: int = 0) -> SessionState:
    """Run a whole scripted session: the opening, then each reply until the session ends."""
    engine = ScriptedCustomer(scenario, seed=seed)
    state = engine.new_state()
    engine.opening(state)
    for text in replies:
        if state.ended:
            break
        engine.reply(state, text)
    return copy.deepcopy(state)
