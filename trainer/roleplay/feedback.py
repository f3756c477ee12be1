"""What the scorecard teaches: why the customer reacted at each turn, the red lines and anger-raising
behaviours with the candidate's own words, the required steps that were missing, and a better reply for
the worst turn taken from the scenario itself.

Everything here is computed from the session transcript and the scenario, so an old session gets the
same explanation as a new one. Labels come from the scenario (never ids); a record without a label is
shown with a generic wording by the template.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from trainer.grading.text import find_phrase
from trainer.roleplay.behaviours import BUILTIN_LABELS, builtin_label, sentence_of
from trainer.roleplay.engine import missing_steps as steps_missing
from trainer.roleplay.engine import offends
from trainer.roleplay.engine import shares as split_shares
from trainer.roleplay.scenario import Scenario

IDLE = "idle"  # the behaviour id of a reply that moved nothing (scored by the scenario's idle step)


def _quote(text: str, phrases: Sequence[str], patterns: Sequence[str]) -> str:
    """The candidate's words that set a behaviour off: a phrase, a pattern match, or the whole reply."""
    for phrase in phrases:
        found = find_phrase(text, phrase)
        if found:
            return sentence_of(text, found)
    for pattern in patterns:
        m = re.search(pattern, text, re.IGNORECASE)
        if m:
            return sentence_of(text, m.group(0))
    return text


def derived_reasons(scenario: Scenario, entry: Mapping[str, Any], earlier: set[str]) -> list[dict[str, Any]]:
    """Reason records for a transcript entry whose engine did not record them (older sessions).

    Same shape as ``CustomerTurn.reasons``: ``{"behaviour", "label", "quote", "delta"}``. ``earlier``
    holds the behaviours fired before this turn (a lowering behaviour counts once unless repeatable).
    """
    text = str(entry.get("candidate") or "")
    actual = int(entry.get("delta") or 0)
    items: list[tuple[str, str, str, int]] = []
    for tid in entry.get("fired") or []:
        try:
            trig = scenario.trigger(tid)
        except KeyError:
            items.append((tid, "", text, 0))
            continue
        counts = trig.delta > 0 or trig.repeatable or tid not in earlier
        items.append(
            (tid, trig.label, _quote(text, trig.phrases, trig.patterns), trig.delta if counts else 0)
        )
    lines = {r.id: r for r in scenario.red_lines}
    for rid in entry.get("red_lines") or []:
        line = lines.get(rid)
        if line is None:
            items.append((rid, "", text, 0))
        else:
            items.append((rid, line.label, _quote(text, line.phrases, line.patterns), line.delta))
    if not items and actual > 0:
        items.append((IDLE, "", text, actual))
    shares = split_shares([i[3] for i in items], actual)
    return [
        {"behaviour": b, "label": label, "quote": quote, "delta": share}
        for (b, label, quote, _raw), share in zip(items, shares, strict=True)
    ]


def turn_reasons(scenario: Scenario, transcript: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One row per candidate turn: what they said, the anger before and after, and why it moved.

    Uses the engine's own ``reasons`` when present, else derives them from what fired.
    """
    rows = []
    earlier: set[str] = set()
    before = int(transcript[0]["anger"]) if transcript else scenario.anger_start
    red_ids = {r.id for r in scenario.red_lines}
    for entry in transcript:
        if int(entry.get("turn", 0)) == 0:
            continue
        reasons = [dict(r) for r in entry.get("reasons") or []] or derived_reasons(scenario, entry, earlier)
        said = str(entry.get("candidate") or "")
        for r in reasons:
            # The engine quotes the words that matched; the scorecard shows the sentence they are in.
            r["quote"] = sentence_of(said, str(r.get("quote") or "")) if r.get("quote") else said
            r["label"] = r.get("label") or _label(scenario, str(r.get("behaviour") or ""))
            if r["label"] == r.get("behaviour"):
                r["label"] = ""  # an id is never shown to a person
            r["red_line"] = r.get("behaviour") in red_ids
        earlier |= set(entry.get("fired") or [])
        anger = int(entry.get("anger", before))
        rows.append(
            {
                "turn": int(entry["turn"]),
                "candidate": str(entry.get("candidate") or ""),
                "customer": str(entry.get("customer") or ""),
                "anger_before": before,
                "anger": anger,
                "delta": anger - before,
                "reasons": reasons,
                "end_state": entry.get("end_state"),
            }
        )
        before = anger
    return rows


def red_lines_and_raisers(rows: Sequence[Mapping[str, Any]]) -> tuple[list[dict], list[dict]]:
    """(red lines crossed, behaviours that raised anger), each ``{"id", "label", "turn", "quote", "delta"}``
    (the id is for programs; pages show the label)."""
    red: list[dict] = []
    raisers: list[dict] = []
    for row in rows:
        for r in row["reasons"]:
            record = {
                "id": r.get("behaviour"),
                "label": r["label"],
                "turn": row["turn"],
                "quote": r["quote"],
                "delta": r["delta"],
            }
            if r.get("red_line"):
                red.append(record)
            elif int(r.get("delta") or 0) > 0:
                raisers.append(record)
    return red, raisers


def missing_steps(scenario: Scenario, transcript: Sequence[Mapping[str, Any]]) -> list[str]:
    """The labels of the scenario's required steps that the candidate never took."""
    fired = {tid for e in transcript for tid in e.get("fired") or []}
    return [scenario.label_of(tid) for tid in steps_missing(scenario, fired)]


def _label(scenario: Scenario, behaviour: str) -> str:
    """A behaviour's name for people: the scenario's label, a built-in one, or "" (never the id)."""
    if behaviour in BUILTIN_LABELS.get(scenario.lang, BUILTIN_LABELS["en"]):
        return builtin_label(behaviour, scenario.lang)
    label = scenario.label_of(behaviour) if behaviour and behaviour != IDLE else ""
    return "" if label == behaviour else label


def worst_turn(rows: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The candidate turn that raised anger the most (the earliest of equals), or None if none did."""
    bad = [row for row in rows if row["delta"] > 0 or any(r.get("red_line") for r in row["reasons"])]
    if not bad:
        return None
    return max(
        bad, key=lambda row: (any(r.get("red_line") for r in row["reasons"]), row["delta"], -row["turn"])
    )


def _trigger_examples(scenario: Scenario, trigger_id: str) -> list[str]:
    """Example candidate utterances written for a trigger (``examples`` in the scenario file)."""
    trig = scenario.trigger(trigger_id)
    found = getattr(trig, "examples", None)
    if found:
        return [str(x) for x in found]
    triggers = (scenario.source.get("triggers") or {}).get("lower") or []
    for raw in triggers:
        if isinstance(raw, Mapping) and raw.get("id") == trigger_id:
            return [str(x) for x in raw.get("examples") or [] if str(x).strip()]
    return []


def _model_replies(scenario: Scenario) -> list[str]:
    """The scenario's own good candidate replies: its good samples and any model conversation."""
    out = list(scenario.samples.get("good", ()))
    model = scenario.source.get("model_conversation") or []
    if isinstance(model, list):
        for item in model:
            if isinstance(item, Mapping) and item.get("candidate"):
                out.append(str(item["candidate"]))
            elif isinstance(item, str):
                out.append(item)
    return list(dict.fromkeys(r.strip() for r in out if r and r.strip()))


def better_reply(
    scenario: Scenario, transcript: Sequence[Mapping[str, Any]], worst: Mapping[str, Any]
) -> dict[str, Any] | None:
    """A reply from the scenario that would have done better at the worst turn, and what it does.

    Candidates are the scenario's good samples (and model conversation); each is played on a fresh
    session with the scripted engine to see which lowering behaviours it shows. The one showing the most
    steps still missing at that turn wins (required steps count double); without samples, an example
    written for the fitting lowering behaviour. Returns ``{"turn", "said", "suggestion", "does"}``.
    """
    from trainer.roleplay.scripted import play

    lowering = [t for t in scenario.triggers if t.delta < 0]
    done_before = {
        tid for e in transcript if 0 < int(e.get("turn", 0)) < worst["turn"] for tid in e.get("fired") or []
    }
    wanted = {
        t.id: (2 if t.id in scenario.resolve_requires else 1) for t in lowering if t.id not in done_before
    }
    best: tuple[int, int, str, list[str]] | None = None
    for i, reply in enumerate(_model_replies(scenario)):
        state = play(scenario, [reply])
        fired = [tid for tid in (state.transcript[1].get("fired") or []) if tid in wanted]
        raised = any(scenario.trigger(t).delta > 0 for t in state.transcript[1].get("fired") or [])
        if raised or state.transcript[1].get("red_lines"):
            continue
        gain = sum(wanted[t] for t in fired)
        if gain and (best is None or (gain, -i) > (best[0], best[1])):
            best = (gain, -i, reply, fired)
    if best is not None:
        suggestion, does = best[2], best[3]
    else:
        fitting = sorted(wanted, key=lambda t: (-wanted[t], scenario.trigger(t).delta))
        pick = next(((t, ex) for t in fitting for ex in _trigger_examples(scenario, t)[:1]), None)
        if pick is None:
            return None
        suggestion, does = pick[1], [pick[0]]
    return {
        "turn": worst["turn"],
        "said": worst["candidate"],
        "suggestion": suggestion,
        "does": [scenario.label_of(t) for t in does],
    }


def why_ended(scenario: Scenario, transcript: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    """Why the call ended, for one sentence on the scorecard (None while it goes on).

    - ``escalated``: the turn at which the customer was first wronged (a brush-off, rude words, blame,
      a red line that angers; :func:`trainer.roleplay.engine.offends`), with its label and quote;
    - ``hung_up``: the turn they left at and how many turns did nothing for the case (no calming
      behaviour): empty talk;
    - ``resolved``: the turn it resolved at and every required step with the turn it was first taken;
    - ``out_of_turns``: the turn limit and the required steps still missing.
    """
    if not transcript:
        return None
    end = transcript[-1].get("end_state")
    if not end:
        return None
    rows = turn_reasons(scenario, transcript)
    last = rows[-1]["turn"] if rows else 0
    out: dict[str, Any] = {"end": end, "turn": last, "turns": len(rows)}
    if end == "escalated":
        for row in rows:
            hurt = [
                r
                for r in row["reasons"]
                if offends(scenario, str(r.get("behaviour") or "")) or (r.get("red_line") and r["delta"] > 0)
            ]
            if hurt:
                out |= {"wronged_turn": row["turn"], "label": hurt[0]["label"], "quote": hurt[0]["quote"]}
                break
    elif end == "hung_up":
        out["empty_turns"] = sum(1 for row in rows if not any(int(r["delta"]) < 0 for r in row["reasons"]))
    elif end == "resolved":
        first: dict[str, int] = {}
        for entry in transcript:
            for tid in entry.get("fired") or []:
                first.setdefault(tid, int(entry.get("turn", 0)))
        out["steps"] = [
            {"label": scenario.label_of(step), "turn": first[step]}
            for step in scenario.resolve_requires
            if step in first
        ]
    else:
        out["missing"] = missing_steps(scenario, transcript)
    return out


def teaching(scenario: Scenario, transcript: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The scorecard's teaching part as JSON-safe data.

    Keys: ``turns`` (see :func:`turn_reasons`), ``red_lines`` and ``raisers`` (with quotes),
    ``missing_steps`` (labels), ``worst_turn`` (a turn number or None), ``better_reply`` and
    ``why_ended`` (:func:`why_ended`).
    """
    rows = turn_reasons(scenario, transcript)
    red, raisers = red_lines_and_raisers(rows)
    worst = worst_turn(rows)
    return {
        "turns": rows,
        "red_lines": red,
        "raisers": raisers,
        "missing_steps": missing_steps(scenario, transcript),
        "worst_turn": worst["turn"] if worst else None,
        "better_reply": better_reply(scenario, transcript, worst) if worst else None,
        "why_ended": why_ended(scenario, transcript),
    }
