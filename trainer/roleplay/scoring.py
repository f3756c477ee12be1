"""The end-of-session scorecard: the candidate's turns scored against the scenario's rubric, the outcome,
red lines crossed and the anger curve (as data and as a self-contained SVG chart)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from trainer.grading.text import char_ngrams, normalize, split_sentences
from trainer.grading.types import Rubric, ScoreResult, ScoringEngine
from trainer.roleplay.scenario import BAND_TOPS, BANDS, MAX_ANGER, Scenario

BAND_COLOURS = {"calm": "#e6f4ea", "annoyed": "#fff7e0", "angry": "#fde8d7", "furious": "#fbe3e4"}


def candidate_turns(turns: Sequence[Mapping[str, Any]]) -> list[tuple[int, str]]:
    """(turn number, text) of every non-empty candidate message in a transcript."""
    return [
        (int(t["turn"]), str(t["candidate"]))
        for t in turns
        if int(t.get("turn", 0)) > 0 and t.get("candidate")
    ]


def transcript_text(turns: Sequence[Mapping[str, Any]]) -> str:
    """The candidate's messages joined one per line: what the rubric scores."""
    return "\n".join(text for _, text in candidate_turns(turns))


def evidence_turns(evidence: str, turns: Sequence[tuple[int, str]]) -> list[int]:
    """The turn numbers an evidence quote comes from (several when it spans turns; [] when none)."""
    if not evidence.strip():
        return []
    for parts in ([evidence], split_sentences(evidence)):
        found: set[int] = set()
        for part in parts:
            needle = normalize(part)
            found.update(number for number, text in turns if needle and needle in normalize(text))
        if found:
            return sorted(found)
    # No verbatim match (an engine may trim or re-punctuate): the turn sharing the most bigrams.
    grams = set(char_ngrams(evidence, 2))
    best = max(turns, key=lambda t: len(grams & set(char_ngrams(t[1], 2))), default=None)
    if best is not None and grams & set(char_ngrams(best[1], 2)):
        return [best[0]]
    return []


def reference_of(scenario: Scenario) -> str | None:
    """What a role-play transcript is scored against: the scenario's model replies (its good samples).

    The rubric's key points are written for complaints in general; the good path says what this
    customer's case needed.
    """
    return "\n".join(scenario.samples.get("good", ())) or None


def scoring_input(scenario: Scenario, turns: Sequence[Mapping[str, Any]]) -> tuple[str, str, str | None]:
    """(answer, question, reference) for scoring a transcript: the one input the scorecard and the
    graded role-play of an exam both score, so that one session gets one score."""
    return transcript_text(turns), scenario.brief, reference_of(scenario)


def score_transcript(
    scenario: Scenario,
    turns: Sequence[Mapping[str, Any]],
    rubric: Rubric,
    mode: str = "offline",
    *,
    llm_engine: ScoringEngine | None = None,
    offline_engine: ScoringEngine | None = None,
    margin: float | None = None,
) -> ScoreResult:
    """Score a role-play transcript against ``rubric`` in a grading mode (offline|llm|both).

    The grading queue calls this for an exam's role-play and the scorecard calls it at the end of every
    session: same function, same answer, same reference.
    """
    from trainer.grading.engines import DEFAULT_MARGIN, score_answer

    answer, question, reference = scoring_input(scenario, turns)
    return score_answer(
        mode,
        rubric.for_transcript(),  # the reference is the model session a good one may follow closely
        answer,
        question,
        reference,
        llm_engine=llm_engine,
        offline_engine=offline_engine,
        margin=DEFAULT_MARGIN if margin is None else margin,
    )


def score_session(
    scenario: Scenario,
    turns: Sequence[Mapping[str, Any]],
    rubric: Rubric,
    engine: ScoringEngine | None = None,
) -> dict[str, Any]:
    """The scorecard of a finished (or abandoned) session, as a JSON-safe dict.

    ``turns`` is the session transcript (``SessionState.transcript``). Keys: ``score`` (the offline
    result of :func:`score_transcript`, each criterion with ``evidence_turns``), ``outcome`` (end state,
    final anger, turns used), ``red_lines`` (one record per crossing, with the quote), ``anger_curve``
    ([turn, anger] pairs), ``anger_svg`` and the teaching part of :func:`feedback.teaching`.
    """
    said = candidate_turns(turns)
    result = score_transcript(scenario, turns, rubric, offline_engine=engine)
    score = result.to_dict()
    for crit in score["criteria"]:
        crit["evidence_turns"] = evidence_turns(crit.get("evidence") or "", said)
    return outcome_card(scenario, turns) | {"rubric": rubric.id, "score": score}


def outcome_card(scenario: Scenario, turns: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The scorecard without rubric scores: outcome, red lines, anger curve and the teaching part."""
    from trainer.roleplay.feedback import teaching

    said = candidate_turns(turns)
    curve = [(int(t["turn"]), int(t["anger"])) for t in turns]
    last = turns[-1] if turns else {}
    taught = teaching(scenario, turns)
    return {
        "scenario": scenario.id,
        "rubric": None,
        "score": None,
        "outcome": {
            "end_state": last.get("end_state"),
            "final_anger": int(last.get("anger", scenario.anger_start)),
            "start_anger": scenario.anger_start,
            "turns_used": len(said),
            "turn_limit": scenario.turn_limit,
        },
        "red_lines": taught.pop("red_lines"),
        "anger_curve": [list(p) for p in curve],
        "anger_svg": anger_curve_svg(curve),
        **taught,
    }


def anger_curve_svg(
    points: Sequence[Sequence[int]], width: int = 480, height: int = 200, title: str = "Anger"
) -> str:
    """A self-contained SVG line chart of (turn, anger) points on a 0..10 scale with mood bands.

    Each point is a ``<circle>`` carrying ``data-turn`` and ``data-anger``; no script, no external files.
    """
    left, right, top, bottom = 32, 12, 12, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    last_turn = max((int(p[0]) for p in points), default=0)
    span = max(last_turn, 1)

    def x(turn: float) -> float:
        return round(left + plot_w * turn / span, 1)

    def y(anger: float) -> float:
        return round(top + plot_h * (1 - anger / MAX_ANGER), 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="anger-curve" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    low = -1
    for band in BANDS:  # shaded mood bands behind the curve
        high = BAND_TOPS[band]
        y_top, y_low = y(high + (0.5 if high < MAX_ANGER else 0)), y(max(low + 0.5, 0))
        parts.append(
            f'<rect class="band band-{band}" x="{left}" y="{y_top}" width="{plot_w}" '
            f'height="{round(y_low - y_top, 1)}" fill="{BAND_COLOURS[band]}"/>'
        )
        low = high
    for level in (0, 5, 10):
        parts.append(
            f'<line x1="{left}" y1="{y(level)}" x2="{left + plot_w}" y2="{y(level)}" stroke="#ccc" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y(level) + 4}" font-size="11" text-anchor="end" fill="#555">{level}</text>'
        )
    for turn in range(0, last_turn + 1):
        parts.append(
            f'<text x="{x(turn)}" y="{height - 10}" font-size="11" text-anchor="middle" fill="#555">{turn}</text>'
        )
    if points:
        coords = " ".join(f"{x(int(t))},{y(int(a))}" for t, a in points)
        parts.append(f'<polyline points="{coords}" fill="none" stroke="#c0392b" stroke-width="2"/>')
        for t, a in points:
            parts.append(
                f'<circle cx="{x(int(t))}" cy="{y(int(a))}" r="3.5" fill="#c0392b" '
                f'data-turn="{int(t)}" data-anger="{int(a)}"><title>{int(t)}: {int(a)}</title></circle>'
            )
    parts.append("</svg>")
    return "".join(parts)
