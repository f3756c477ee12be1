"""The offline engine: deterministic rubric scoring with no network, for Chinese and English answers.

Each criterion is scored on its own (see :mod:`trainer.grading.offline.criteria`) from its key points,
the part of the reference aligned to it and the anchors written for the same question. Answers that are
not answers — keyword lists, the question, background or reference copied back, padding, instructions to
the grader — are flagged and held to at most :data:`LOW_CAP` of the maximum.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from trainer.grading import understanding
from trainer.grading.offline.align import QuestionPrep, prepare_question
from trainer.grading.offline.checks import (
    boilerplate,
    is_copied_question,
    is_copied_text,
    is_keyword_list,
    is_long,
    is_padding,
    is_word_run,
)
from trainer.grading.offline.criteria import NO_MATCH, closeness, order_broken, score_criterion
from trainer.grading.offline.feedback import missing_phrase, rationale
from trainer.grading.offline.phrases import Sentence, containment
from trainer.grading.offline.prepare import Doc, PreparedRubric, make_doc, prepare_rubric
from trainer.grading.offline.terms import key_terms
from trainer.grading.offline.violations import innocent_clauses, violating_sentences
from trainer.grading.text import detect_injection, split_sentences, strip_injection, word_weight
from trainer.grading.types import (
    FLAG_COPIED_QUESTION,
    FLAG_COPIED_REFERENCE,
    FLAG_EMPTY,
    FLAG_INJECTION,
    FLAG_KEYWORD_LIST,
    FLAG_OFF_TOPIC,
    FLAG_PADDING,
    REVIEW_FLAGS,
    CriterionScore,
    Rubric,
    ScoreResult,
    clamp_score,
)
from trainer.grading.understanding.lexicon import META_WORDS, TIME_WORDS

LOW_CAP = 0.15  # share of max that a flagged non-answer can reach at most
# A word this informative (by the segmenter's frequencies) names the case; commoner ones (问题, 时间) do not.
_TOPIC_WORD = 0.45
_MIN_CONTENT_CHARS = 4
_CAP_NOTE = {
    FLAG_INJECTION: (
        "答案中含有写给评分者的指令，已限分并转人工复核",
        "the answer addresses the grader: capped, sent for review",
    ),
    FLAG_KEYWORD_LIST: (
        "答案只是词语的罗列，没有成句的回答，已限分",
        "a list of words, not an answer: capped",
    ),
    FLAG_COPIED_QUESTION: (
        "答案主要是照抄题目或参考答案，已限分",
        "mostly the question or reference copied back: capped",
    ),
    FLAG_COPIED_REFERENCE: (
        "答案与参考答案几乎逐字相同，已转人工复核",
        "nearly word for word the reference: sent for review",
    ),
    FLAG_PADDING: ("答案大部分是重复或无关的填充内容，已限分", "mostly repeated or unrelated filler: capped"),
}


def _union(docs: Sequence[Doc], text: str) -> Doc:
    toks: frozenset[str] = frozenset().union(*(d.toks for d in docs)) if docs else frozenset()
    grams: frozenset[str] = frozenset().union(*(d.grams for d in docs)) if docs else frozenset()
    return Doc(text, toks, grams)


class OfflineEngine:
    """Scores each criterion from its key points, the reference aligned to it and the question's
    anchors; flags keyword lists, copies, padding and instructions to the grader."""

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
        raw = answer or ""
        injected = detect_injection(raw)
        content = strip_injection(raw) if injected else raw
        if injected:
            flags.append(FLAG_INJECTION)
        given = [reference] if isinstance(reference, str) else list(reference or ())
        texts = [t for t in given if t and t.strip()] or [rubric.reference_answer]
        texts = [t for t in texts if t.strip()]
        qp = prepare_question(prepared, texts, question or "", rubric.background)
        sentences = [Sentence(s, make_doc(s, lang)) for s in split_sentences(content)]
        doc = _union([s.doc for s in sentences], content)
        cap = LOW_CAP if injected else 1.0
        too_short = len(re.sub(r"\W", "", content)) < _MIN_CONTENT_CHARS and not key_terms(content)
        if too_short or doc.empty:
            flags.append(FLAG_EMPTY)
            cap = 0.0
        else:
            listed = qp.whole[0].is_list if qp.whole else False
            if is_keyword_list(content, lang, listed) or (not listed and is_word_run(content, lang)):
                flags.append(FLAG_KEYWORD_LIST)
                cap = min(cap, LOW_CAP)
            asked = f"{rubric.background}\n{question or ''}"
            if is_copied_question(doc, qp.question if not qp.question.empty else None) or is_copied_text(
                content, asked, lang, whole=0.2
            ):
                flags.append(FLAG_COPIED_QUESTION)
                cap = min(cap, LOW_CAP)
            elif not rubric.transcript and any(is_copied_text(content, t, lang) for t in texts):
                # Scored as what it says (the reference's own words are a full answer), but a person
                # checks whether the candidate saw the reference.
                flags.append(FLAG_COPIED_REFERENCE)
            # relevance per sentence is only telling when the criteria have key points of their own
            keyed = any(pc.concepts for pc in prepared.criteria)
            relevance = (lambda: self._carries_content(prepared, qp, sentences)) if keyed else None
            if is_padding([s.text for s in sentences], relevance):
                flags.append(FLAG_PADDING)
                cap = min(cap, LOW_CAP)
        analysis: list[understanding.Analysis] = []

        def meaning() -> understanding.Analysis:  # the understanding layer's analysis, made on first use
            if not analysis:
                analysis.append(understanding.analyse(content, lang))
            return analysis[0]

        # A sentence that commits a violation (a must_not of any criterion, or the wrong act where a key
        # point asks for the right one) tells of the wrong act: it earns nothing for any criterion.
        hits, bad = violating_sentences(prepared.criteria, content, sentences, meaning if cap > 0 else None)
        told, told_doc, told_sentences, told_meaning = content, doc, sentences, meaning
        if bad:
            # a violating sentence keeps the clauses that are steps of their own
            told_sentences = []
            for s in sentences:
                if s.text not in bad:
                    told_sentences.append(s)
                    continue
                kept = innocent_clauses(prepared.criteria, s.text, lang)
                told_sentences.extend(Sentence(c, make_doc(c, lang)) for c in kept)
            told = "\n".join(s.text for s in told_sentences)
            told_doc = _union([s.doc for s in told_sentences], told)
            clean: list[understanding.Analysis] = []

            def told_meaning() -> understanding.Analysis:
                if not clean:
                    clean.append(understanding.analyse(told, lang))
                return clean[0]

        same = re.sub(r"\s", "", content)
        # An answer identical to an anchor is scored without it (calibration scores the anchors themselves).
        near = [(closeness(doc, a), s) for a, s in prepared.anchors if re.sub(r"\s", "", a.text) != same]
        criteria = []
        case = f"{question or ''}\n{rubric.background}".strip()
        for pc in prepared.criteria:
            c = pc.criterion
            own = [(sim, float(s[c.id])) for sim, s in near if c.id in s]
            single = len(prepared.criteria) == 1
            out = score_criterion(
                pc,
                qp.refs.get(c.id, ()),
                own,
                told,
                told_doc,
                told_sentences,
                lang,
                single,
                told_meaning if cap > 0 else None,
                hits.get(c.id, ("", "")),
                sentences if bad else None,
                case,
            )
            out_of_order = ""
            for o in () if out.violation else c.order:
                if out.share * c.max <= o.level:
                    continue
                first = next((k for k in pc.concepts if k.concept.concept == o.first), None)
                later = [k for q in prepared.criteria for k in q.concepts if k.concept.concept in o.before]
                quote = first and order_broken(
                    first,
                    later,
                    told,
                    told_doc,
                    told_sentences,
                    told_meaning if cap > 0 else None,
                    case,
                    lang,
                )
                if (
                    quote
                ):  # an act the criterion needs first comes after another: the level the order deserves
                    out.share = min(out.share, o.level / c.max)
                    out_of_order = out_of_order or (
                        f"顺序不当：应先{o.first.removeprefix('先')}，再{'、'.join(o.before)}"
                        if lang == "zh"
                        else f"out of order: {o.first} should come before {', '.join(o.before)}"
                    )
            share = min(out.share, cap)
            points = round(share * c.max) if c.max >= 2 else round(share * c.max, 2)
            if cap < 1.0:
                points = min(points, math.floor(cap * c.max) if c.max >= 2 else cap * c.max)
            points = clamp_score(points, c.max)
            # a capped criterion keeps its quote: the reviewer sees what the content would have earned
            evidence = out.evidence if (points > 0 or out.violation or (cap < 1.0 and out.share > 0)) else ""
            capped = next((_CAP_NOTE[f][lang != "zh"] for f in flags if f in _CAP_NOTE), "")
            missing = [missing_phrase(m, lang) for m in out.missing]
            if out_of_order:
                missing.insert(0, out_of_order)
            criteria.append(
                CriterionScore(
                    id=c.id,
                    name=c.name,
                    score=points,
                    max=c.max,
                    evidence=evidence,
                    rationale=rationale(
                        lang,
                        points,
                        evidence,
                        out.found,
                        missing,
                        out.violation,
                        capped,
                        out.wrong,
                        out.opposed,
                        out.misstated,
                    ),
                    missing=missing,
                    violation=out.violation,
                )
            )
        total, top = sum(c.score for c in criteria), sum(c.max for c in criteria)
        stock, stock_share = boilerplate(content)
        # Mostly stock service talk is filler whatever else it brushes against.
        talk = stock >= 3 and (stock_share >= 0.4 or total <= 2 * LOW_CAP * top)
        if cap > 0 and criteria and not flags and (talk or not any(c.violation for c in criteria)):
            filler = is_long(content, lang) and total <= LOW_CAP * top
            # a long answer the criteria find little in is filler only when it is not about the question
            # either (a story of the candidate's own, told in its own details, is not filler)
            if (filler and not self._on_topic(prepared, qp, sentences)) or talk:
                flags.append(FLAG_PADDING)  # a long text that says next to nothing of what is asked
                note = _CAP_NOTE[FLAG_PADDING][lang != "zh"]
                for cs in criteria:
                    held = math.floor(LOW_CAP * cs.max) if cs.max >= 2 else LOW_CAP * cs.max
                    cs.score = min(cs.score, held)
                    cs.rationale = f"{note}{'；' if lang == 'zh' else '; '}{cs.rationale}"[:300]
            elif total == 0 and (stock >= 1 or not self._on_topic(prepared, qp, sentences)):
                # A short answer that touches the question earns 0 as a thin answer, not as off topic;
                # stock talk that earns nothing is off topic however many of the question's words it uses.
                flags.append(FLAG_OFF_TOPIC)
        return ScoreResult(
            criteria=criteria,
            engine=self.name,
            flags=flags,
            needs_review=any(f in REVIEW_FLAGS for f in flags),
            meta={"injected": injected} if injected else {},
        )

    @classmethod
    def _on_topic(
        cls, prepared: PreparedRubric, qp: QuestionPrep, sentences: list[Sentence], part: float = 1 / 3
    ) -> bool:
        """Whether ``part`` or more of the answer (by length) says something the rubric or reference asks
        for, and the answer shares two or more words with them (one shared word is not a topic)."""
        words: set[str] = set()
        for pc in prepared.criteria:
            for concept in pc.concepts:
                for doc in concept.phrasings:
                    words |= doc.toks
        for ref in qp.whole:
            words |= ref.doc.toks
        said_words = frozenset().union(*(s.doc.toks for s in sentences)) if sentences else frozenset()
        if len(said_words & words) < 2:
            return False
        # A sentence about the case (two content words of the question or its background, negated or not:
        # "软件不会用就去窗口办吧") is on topic even when it says none of what is asked well; general
        # service words (客户, 情况) do not name the case.
        topic = {t.lstrip("¬") for t in qp.question.toks | qp.background.toks}
        topic = {t for t in topic if word_weight(t) >= _TOPIC_WORD and t not in META_WORDS}
        relevant = [
            r or len({t.lstrip("¬") for t in s.doc.toks} & topic) >= 2
            for s, r in zip(sentences, cls._relevant(prepared, qp, sentences), strict=True)
        ]
        chars = sum(len(s.text) for s in sentences)
        said = sum(len(s.text) for s, r in zip(sentences, relevant, strict=True) if r)
        return chars > 0 and said >= part * chars

    @classmethod
    def _carries_content(
        cls, prepared: PreparedRubric, qp: QuestionPrep, sentences: list[Sentence]
    ) -> list[bool]:
        """Per sentence: whether it carries content rather than filler. It does when it says something a
        criterion or the reference asks for, or when it speaks of the case in a word of its own that the
        question, its background, the reference or the rubric uses (a story's scene, told in its own details:
        "那天晚上九点多，电话一响"); it does not when it holds a stock phrase of service talk or repeats an
        earlier sentence."""
        words = {t.lstrip("¬") for t in qp.question.toks | qp.background.toks}
        for ref in qp.whole:
            words |= {t.lstrip("¬") for t in ref.doc.toks}
        for pc in prepared.criteria:
            words |= {t.lstrip("¬") for t in pc.description.toks}
            for _, level in pc.levels:
                words |= {t.lstrip("¬") for t in level.toks}
            for concept in pc.concepts:
                for doc in concept.phrasings:
                    words |= {t.lstrip("¬") for t in doc.toks}
        words = {
            t for t in words if word_weight(t) >= _TOPIC_WORD and t not in META_WORDS and t not in TIME_WORDS
        }
        # one word of the case is a topic in Chinese; English shares common words (team, day) with anything
        need = 1 if prepared.rubric.lang == "zh" else 2
        seen: set[str] = set()
        out = []
        for s, said in zip(sentences, cls._relevant(prepared, qp, sentences), strict=True):
            norm = re.sub(r"\W", "", s.text).casefold()
            repeated = len(norm) > 3 and norm in seen
            seen.add(norm)
            own = {t.lstrip("¬") for t in s.doc.toks} & words
            out.append(not repeated and (said or (len(own) >= need and not boilerplate(s.text)[0])))
        return out

    @staticmethod
    def _relevant(prepared: PreparedRubric, qp: QuestionPrep, sentences: list[Sentence]) -> list[bool]:
        """Per sentence: whether it says anything a criterion's key points or reference ask for."""
        targets: list[Doc] = []
        for pc in prepared.criteria:
            for concept in pc.concepts:
                targets.extend(concept.phrasings)
        for refs in qp.refs.values():
            for ref in refs:
                targets.extend(ref.points)
        for ref in qp.whole:
            targets.extend(ref.points)
        return [any(containment(t, s.doc) >= NO_MATCH for t in targets) for s in sentences]
