"""The scripted customer: a deterministic engine that plays a scenario from its own lines.

Each candidate reply is read by :func:`trainer.roleplay.behaviours.detect` (triggers by phrase,
pattern, example utterance or stated time; red lines; fair questions; and, when nothing else was seen,
neutral / stalling / off-topic / empty / rude). Anger moves by the sum of what was seen, clamped to the
level's step and to 0..10. The customer remembers what was explained, offered and promised and every
time the candidate gave; the next line is chosen with that memory (a line's ``unless``/``after``
conditions, ``{time}`` filled with the candidate's own words), asks for a required step still missing,
and is never the previous line. The same scenario, level, seed and replies always give the same session.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

from trainer.roleplay import behaviours
from trainer.roleplay.behaviours import Detection
from trainer.roleplay.engine import (
    CustomerTurn,
    SessionEnded,
    SessionState,
    end_state_after,
    missing_steps,
    new_state,
    shares,
    wronged,
)
from trainer.roleplay.scenario import MAX_ANGER, TIME_KEY, Scenario, band_of


class ScriptedCustomer:
    """A deterministic simulated customer for one scenario; ``seed`` varies the lines between sessions."""

    name = "scripted"

    def __init__(self, scenario: Scenario, seed: int = 0, difficulty: str | None = None):
        self.scenario = scenario
        self.seed = seed
        self.difficulty = difficulty

    def new_state(self, difficulty: str | None = None) -> SessionState:
        """A fresh session at the level's starting anger, before the opening line."""
        return new_state(self.scenario, self.name, self.seed, difficulty or self.difficulty)

    def opening(self, state: SessionState) -> CustomerTurn:
        """The customer's first message (turn 0), recorded in ``state``; the same turn again if already said."""
        if state.transcript:
            first = state.transcript[0]
            return CustomerTurn(turn=0, message=first["customer"], anger=first["anger"])
        message = self._pick(self.scenario.opening, state, "opening")
        turn = CustomerTurn(turn=0, message=message, anger=state.anger)
        state.transcript.append(turn.entry(""))
        return turn

    # -- detection ----------------------------------------------------------------------------------
    def detect(self, state: SessionState, text: str) -> Detection:
        """What ``text`` does given the session so far (state is not changed).

        Once every required step has been taken, the question that closes a call (还有别的问题吗,
        "anything else?") is a polite close, not a script phrase said instead of help."""
        found = behaviours.detect(
            self.scenario,
            text,
            earlier=state.candidate_texts(),
            customer_said=" ".join(state.customer_texts()),
            facts_given=state.facts_given,
        )
        if not missing_steps(self.scenario, state.fired_ids()):
            behaviours.close_politely(self.scenario, found)
        return found

    def effects(self, state: SessionState, found: Detection) -> list[dict[str, Any]]:
        """One record per behaviour seen, with its raw anger effect (before clamping): the turn's reasons."""
        sc = self.scenario
        level = sc.level(state.difficulty)
        earlier = state.fired_ids()
        out: list[dict[str, Any]] = []
        said = found.text
        for tid, quote in found.triggers.items():
            trig = sc.trigger(tid)
            counts = trig.delta > 0 or trig.repeatable or tid not in earlier
            quote = behaviours.sentence_of(said, quote)
            out.append(
                {"behaviour": tid, "label": trig.label, "quote": quote, "delta": trig.delta if counts else 0}
            )
        for line in sc.red_lines:
            if line.id in found.red_lines:
                out.append(
                    {
                        "behaviour": line.id,
                        "label": line.label,
                        "quote": behaviours.sentence_of(said, found.red_lines[line.id]),
                        "delta": line.delta,
                    }
                )
        wrongs = [q for tid, q in found.triggers.items() if sc.trigger(tid).delta > 0]
        if found.facts_answered:
            quote = behaviours.asks_for(found.text, found.facts_answered[0], sc.lang) or ""
            # "could you restart the router?" asks them to do it again: the wrong, not a question
            if not any(q in quote or quote in q for q in wrongs):
                out.append(self._builtin("asked", quote, 0))
        elif found.question:
            out.append(self._builtin("asked", found.question, 0))
        if found.injection:
            out.append(self._builtin("injection", found.injection, level.vague + 1))
        if found.aside:  # beside the help: small talk about something else
            out.append(self._builtin("off_topic", behaviours.sentence_of(said, found.aside), level.vague))
        if found.stall:  # beside other behaviours: the customer held, or a promise with nothing in it
            out.append(self._builtin("stalling", behaviours.sentence_of(said, found.stall), level.vague))
        if found.verdict:
            cost = {"neutral": 0, "asked": 0, "rude": level.vague + 1}.get(found.verdict, level.vague)
            out.append(self._builtin(found.verdict, found.verdict_quote, cost))
        return out

    def _builtin(self, behaviour: str, quote: str, delta: int) -> dict[str, Any]:
        return {
            "behaviour": behaviour,
            "label": behaviours.builtin_label(behaviour, self.scenario.lang),
            "quote": quote,
            "delta": delta,
        }

    # -- one turn -------------------------------------------------------------------------------------
    def reply(self, state: SessionState, candidate_text: str) -> CustomerTurn:
        """The customer's answer to one candidate message, recorded in ``state``; SessionEnded if over."""
        if state.ended:
            raise SessionEnded(f"session already ended: {state.end_state}")
        if not state.transcript:
            self.opening(state)
        sc = self.scenario
        level = sc.level(state.difficulty)
        text = (candidate_text or "").strip()
        found = self.detect(state, text)
        reasons = self.effects(state, found)
        earlier = state.fired_ids()
        turn_no = state.turn + 1

        hurt = wronged(sc, state, reasons)
        raw = sum(r["delta"] for r in reasons)
        step = max(-level.max_step, min(level.max_step, raw))
        anger = max(0, min(MAX_ANGER, state.anger + step))
        for r, share in zip(reasons, shares([r["delta"] for r in reasons], anger - state.anger), strict=True):
            r["delta"] = share
        streak = state.high_streak + 1 if anger >= sc.hang_up_anger else 0
        forced = [r.ends for r in sc.red_lines if r.id in found.red_lines and r.ends]
        forced += [sc.trigger(t).ends for t in found.triggers if sc.trigger(t).ends]
        end = end_state_after(
            sc,
            level,
            fired=earlier | set(found.triggers),
            forced=forced,
            anger=anger,
            streak=streak,
            turn_no=turn_no,
            wronged=hurt,
            crossed=bool(state.red_lines or found.red_lines),
            settling=anger < state.anger,
        )

        after = copy.deepcopy(state)  # the memory as it will be, for choosing the line
        self.remember(after, found, turn_no)
        new_lowering = [t for t in found.triggers if sc.trigger(t).delta < 0 and t not in earlier]
        message = self._message(after, found, new_lowering, anger, end, turn_no)

        turn = CustomerTurn(
            turn=turn_no,
            message=message,
            anger=anger,
            delta=anger - state.anger,
            fired=list(found.triggers),
            red_lines=list(found.red_lines),
            end_state=end,
            reasons=reasons,
        )
        # Apply only now, so an exception above leaves the state as it was.
        state.turn = turn_no
        state.anger = anger
        state.high_streak = streak
        state.end_state = end
        state.memory = after.memory
        state.facts_given = list(dict.fromkeys([*state.facts_given, *(f.id for f in found.facts_answered)]))
        state.red_lines.extend(
            {"id": rid, "label": sc.label_of(rid), "turn": turn_no, "quote": quote}
            for rid, quote in found.red_lines.items()
        )
        state.transcript.append(turn.entry(text))
        return turn

    def remember(self, state: SessionState, found: Detection, turn_no: int) -> None:
        """Add what this reply explained, offered or promised, and the times it gave, to ``state``."""
        for tid in found.triggers:
            trig = self.scenario.trigger(tid)
            if trig.tracks:
                state.remember(trig.tracks, tid)
        for t in found.times:
            item = {"quote": t.quote, "value": t.value, "turn": turn_no}
            if found.time_with.get(t.quote):
                item["with"] = found.time_with[t.quote]
            state.remember("times", item)

    # -- choosing the line ------------------------------------------------------------------------------
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
        fired = state.fired_ids() | set(found.triggers)
        if end is not None:
            return self._pick(sc.closing[end], state, f"close-{end}-{turn_no}", fired, reply=found.text)
        raising = [sc.trigger(t) for t in found.triggers if sc.trigger(t).delta > 0]
        answers = sep.join(f.answer for f in found.facts_answered)
        ask = self._ask_missing(state, fired, anger, turn_no)
        if raising:
            top = max(raising, key=lambda t: t.delta)  # max keeps the first of equals: scenario order
            line = self._pick(top.lines, state, f"{top.id}-{turn_no}", fired, owner=top.id, reply=found.text)
            return sep.join(p for p in (line, answers) if p)
        if new_lowering:
            # The strongest new step (the later one among equals) is what the customer answers to.
            order = {tid: i for i, tid in enumerate(new_lowering)}
            trig = max((sc.trigger(t) for t in new_lowering), key=lambda t: (-t.delta, order[t.id]))
            line = self._pick(
                trig.lines, state, f"{trig.id}-{turn_no}", fired, owner=trig.id, reply=found.text
            )
            return sep.join(p for p in (answers, line, ask) if p)
        if ask and not answers:
            return ask
        band = band_of(anger)
        line = self._pick(sc.lines[band], state, f"{band}-{turn_no}", fired, reply=found.text)
        return sep.join(p for p in (answers, line) if p)

    def _ask_missing(self, state: SessionState, fired: set[str], anger: int, turn_no: int) -> str:
        """The customer asking for the first required step still missing ("" when none or no line for it)."""
        if band_of(anger) == "furious":
            return ""
        for step in missing_steps(self.scenario, fired):
            options = self.scenario.asks.get(step)
            if options:
                return self._pick(options, state, f"ask-{step}-{turn_no}", fired)
        return ""

    def allowed(self, line: str, state: SessionState, fired: set[str], reply: str = "") -> bool:
        """Whether ``line`` fits what has happened (its unless/after conditions, ``{time}`` needs a time)
        and what ``reply``, the candidate's message it answers, said (its ``said`` condition)."""
        rule = self.scenario.rule(line)
        happened = set(fired) | ({TIME_KEY} if state.last_time() else set())
        if "{time}" in line and not state.last_time():
            return False
        if rule.said and not behaviours.mentions(reply, rule.said, self.scenario.lang):
            return False
        return not (set(rule.unless) & happened) and set(rule.after) <= happened

    def _pick(
        self,
        options: Sequence[str],
        state: SessionState,
        key: str,
        fired: Iterable[str] = (),
        owner: str = "",
        reply: str = "",
    ) -> str:
        """A deterministic choice among the lines that fit, preferring ones not said yet, never the last.
        With none fitting, a line with no condition on what was said is taken before one with it."""
        fired_set = set(fired)
        fitting = (
            [o for o in options if self.allowed(o, state, fired_set, reply)]
            or [o for o in options if "{time}" not in o and not self.scenario.rule(o).said]
            or [o for o in options if "{time}" not in o]
            or list(options)
        )
        digest = hashlib.sha256(f"{self.scenario.id}|{state.seed}|{key}".encode()).hexdigest()
        start = int(digest[:12], 16) % len(fitting)
        ordered = fitting[start:] + fitting[:start]
        said = state.customer_texts()
        last = said[-1] if said else ""
        for candidates in (
            [o for o in ordered if not any(self._fill(o, state, owner) in s for s in said)],
            [o for o in ordered if self._fill(o, state, owner) not in last],
            ordered,
        ):
            if candidates:
                return self._fill(candidates[0], state, owner)
        return self._fill(ordered[0], state, owner)

    def _fill(self, line: str, state: SessionState, owner: str = "") -> str:
        """``line`` with ``{time}`` replaced by the time it answers: for a line of a trigger that names
        its own time (a courier's "before 1 pm" for the backup router) that time, else the one that came
        with no other step (the estimate the customer asked for)."""
        if "{time}" not in line:
            return line
        own = owner if owner and not self.scenario.trigger(owner).times else ""
        return line.replace("{time}", state.last_time(own))


def play(
    scenario: Scenario, replies: Iterable[str], seed: int = 0, difficulty: str | None = None
) -> SessionState:
    """Run a whole scripted session: the opening, then each reply until the session ends.

    This is what the scenario editor's "try it" box calls: each transcript entry holds the behaviours
    seen (``reasons``), the anger after the turn and the customer's line.
    """
    engine = ScriptedCustomer(scenario, seed=seed, difficulty=difficulty)
    state = engine.new_state()
    engine.opening(state)
    for text in replies:
        if state.ended:
            break
        engine.reply(state, text)
    return copy.deepcopy(state)
