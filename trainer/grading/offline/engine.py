"""The offline engine: deterministic rubric scoring with no network, for Chinese and English answers."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from trainer.grading.offline.checks import is_copied_question, is_keyword_list
from trainer.grading.offline.features import point_coverage, reference_estimate, reference_features
from trainer.grading.offline.prepare import (
    Doc,
    PreparedCriterion,
    PreparedRubric,
    Reference,
    make_doc,
    prepare_reference,
    prepare_rubric,
)
from trainer.grading.offline.terms import key_terms
from trainer.grading.text import detect_injection, find_phrase, split_sentences, strip_injection
from trainer.grading.types import (
    FLAG_COPIED_QUESTION,
    FLAG_EMPTY,
    FLAG_INJECTION,
    FLAG_KEYWORD_LIST,
    FLAG_OFF_TOPIC,
    REVIEW_FLAGS,
    CriterionScore,
    Rubric,
    ScoreResult,
    clamp_score,
)

LOW_CAP = 0.15  # share of max that a flagged non-answer can reach at most
# How much each source counts when several are present for a criterion.
SOURCE_WEIGHTS = {"reference": 1.0, "key_points": 1.0, "levels": 0.3, "description": 0.3, "anchors": 1.5}
_MIN_CONTENT_CHARS = 4


def _share(part: frozenset[str], whole: frozenset[str]) -> float:
    return len(part & whole) / len(whole) if whole else 0.0


def _similarity(answer: Doc, anchor: Doc) -> float:
    """How much of a scored anchor the answer says (its words, then its bigrams as a tie-breaker), 0..1.

    Words rather than bigrams carry the comparison, so stray characters of unrelated padding ("天" in
    "今天" against "五天") do not move an answer towards an anchor.
    """
    return 0.8 * _share(answer.toks, anchor.toks) + 0.2 * _share(answer.grams, anchor.grams)


class OfflineEngine:
    """Scores each criterion from the rubric's reference answer, key points, levels, description and
    anchors; flags keyword lists, copied questions and instructions to the grader."""

    name = "offline"

    def score(
        self,
        rubric: Rubric,
        answer: str,
        question: str | None = None,
        reference: str | Sequence[str] | None = None,
    ) -> ScoreResult:
        """Score ``answer`` against ``rubric``; ``reference`` overrides the rubric's reference answer.

        ``reference`` may be several alternative reference answers: the answer is compared with each and
        the best match counts (key terms may come from any of them).
        """
        prepared = prepare_rubric(rubric)
        lang = rubric.lang
        flags: list[str] = []
        injected = detect_injection(answer or "")
        content = strip_injection(answer or "") if injected else (answer or "")
        if injected:
            flags.append(FLAG_INJECTION)
        given = [reference] if isinstance(reference, str) else list(reference or ())
        texts = [t for t in given if t and t.strip()] or [rubric.reference_answer]
        refs = tuple(prepare_reference(t, question or "", lang) for t in texts if t.strip())
        ref = refs[0] if refs else None
        doc = make_doc(content, lang)
        cap = 1.0
        too_short = len(re.sub(r"\W", "", content)) < _MIN_CONTENT_CHARS and not key_terms(content)
        if too_short or doc.empty:
            flags.append(FLAG_EMPTY)
            cap = 0.0
        else:
            if is_keyword_list(content, lang, ref.is_list if ref else False):
                flags.append(FLAG_KEYWORD_LIST)
                cap = LOW_CAP
            if is_copied_question(doc, make_doc(question, lang) if question else None):
                flags.append(FLAG_COPIED_QUESTION)
                cap = LOW_CAP
        criteria = [self._criterion(pc, prepared, doc, content, refs, cap, lang) for pc in prepared.criteria]
        if cap > 0 and criteria and sum(c.score for c in criteria) == 0 and not flags:
            flags.append(FLAG_OFF_TOPIC)
        return ScoreResult(
            criteria=criteria,
            engine=self.name,
            flags=flags,
            needs_review=any(f in REVIEW_FLAGS for f in flags),
            meta={"injected": injected} if injected else {},
        )

    def _criterion(
        self,
        pc: PreparedCriterion,
        prepared: PreparedRubric,
        doc: Doc,
        content: str,
        refs: tuple[Reference, ...],
        cap: float,
        lang: str,
    ) -> CriterionScore:
        c = pc.criterion
        estimates: dict[str, float] = {}
        weights: dict[str, float] = {}
        found_points: list[str] = []
        if refs:
            estimates["reference"] = reference_estimate(reference_features(doc, refs))
            weights["reference"] = SOURCE_WEIGHTS["reference"]
        if pc.key_points:
            hits = 0.0
            for text, kdoc in pc.key_points:
                if find_phrase(content, text):
                    hits += 1
                    found_points.append(text)
                else:
                    cov = point_coverage(kdoc, doc, Doc("", frozenset(), frozenset()))
                    if cov >= 0.6:
                        hits += cov
                        found_points.append(text)
            estimates["key_points"] = min(1.0, hits / len(pc.key_points))
            weights["key_points"] = SOURCE_WEIGHTS["key_points"]
        if pc.levels:
            sims = [(lvl, _share(doc.toks, ldoc.toks)) for lvl, ldoc in pc.levels if lvl > 0]
            best = max((s for _, s in sims), default=0.0)
            if best > 0:
                estimates["levels"] = sum(lvl * s for lvl, s in sims) / sum(s for _, s in sims) / c.max
                estimates["levels"] *= min(1.0, best * 2)
                weights["levels"] = SOURCE_WEIGHTS["levels"]
        if not pc.description.empty:
            estimates["description"] = min(1.0, 1.5 * _share(doc.toks, pc.description.toks))
            weights["description"] = SOURCE_WEIGHTS["description"]
        scored = [(adoc, s[c.id]) for adoc, s in prepared.anchors if c.id in s]
        if scored:
            anchor_sims = [(_similarity(doc, adoc), s) for adoc, s in scored]
            kernel = [(sim**4, s) for sim, s in anchor_sims]
            total = sum(k for k, _ in kernel)
            if total > 0:
                estimates["anchors"] = sum(k * s for k, s in kernel) / total / c.max
                weights["anchors"] = SOURCE_WEIGHTS["anchors"] * max(sim for sim, _ in anchor_sims)
        wsum = sum(weights.values())
        share = sum(estimates[k] * weights[k] for k in estimates) / wsum if wsum else 0.0
        share = min(share, cap)
        points = round(share * c.max * 2) / 2 if c.max >= 2 else round(share * c.max, 2)
        if cap < 1.0:
            points = min(points, math.floor(cap * c.max * 2) / 2 if c.max >= 2 else cap * c.max)
        points = clamp_score(points, c.max)
        evidence = self._evidence(content, lang, pc, refs, found_points) if points > 0 else ""
        return CriterionScore(
            id=c.id,
            score=points,
            max=c.max,
            evidence=evidence,
            rationale=_rationale(lang, estimates, found_points, pc, points),
        )

    def _evidence(
        self, content: str, lang: str, pc: PreparedCriterion, refs: tuple[Reference, ...], found: list[str]
    ) -> str:
        """The answer's sentence that best supports the criterion, verbatim."""
        best, best_value = "", 0.0
        targets = [kdoc for _, kdoc in pc.key_points] + [pc.description]
        targets.extend(r.doc for r in refs)
        for sentence in split_sentences(content):
            sdoc = make_doc(sentence, lang)
            value = max((_share(sdoc.toks, t.toks) + _share(sdoc.grams, t.grams) for t in targets), default=0)
            value += sum(1 for k in found if find_phrase(sentence, k))
            if value > best_value:
                best, best_value = sentence, value
        return best


def _rationale(
    lang: str, estimates: dict[str, float], found: list[str], pc: PreparedCriterion, points: float
) -> str:
    """One short line in the rubric's language: reference coverage, key points found, nearest level."""
    zh = lang == "zh"
    parts: list[str] = []
    if "reference" in estimates:
        pct = round(estimates["reference"] * 100)
        parts.append(f"与参考答案要点的吻合度约{pct}%" if zh else f"matches about {pct}% of the reference")
    if pc.key_points:
        n, total = len(found), len(pc.key_points)
        if zh:
            parts.append(f"命中关键点{n}/{total}" + (f"（{'、'.join(found[:3])}）" if found else ""))
        else:
            parts.append(f"key points {n}/{total}" + (f" ({', '.join(found[:3])})" if found else ""))
    if "anchors" in estimates:
        parts.append("参照了评分样例" if zh else "compared with scored examples")
    if pc.criterion.levels:
        level = min(pc.criterion.levels, key=lambda lv: abs(lv - points))
        desc = pc.criterion.levels[level]
        parts.append(f"接近{level}分档：{desc}" if zh else f"closest to level {level}: {desc}")
    if not parts:
        parts.append("未找到与该项相关的内容" if zh else "nothing relevant to this criterion")
    return ("；" if zh else "; ").join(parts)[:200]
