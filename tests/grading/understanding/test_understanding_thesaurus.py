"""Synonyms at dictionary scale: 同义词词林 for Chinese, Roget's Thesaurus for English, a domain supplement."""

import pytest

from trainer.grading import text
from trainer.grading import understanding as u
from trainer.grading.understanding import thesaurus


@pytest.mark.parametrize(
    ("word", "other"),
    [
        ("道歉", "致歉"),
        ("道歉", "赔不是"),  # from 词林, not in the domain list
        ("安抚", "劝慰"),
        ("推诿", "推脱"),
        ("赔偿", "包赔"),
        ("退款", "退钱"),  # domain supplement
        ("回电", "回拨"),
    ],
)
def test_chinese_synonyms(word, other):
    assert other in u.synonyms(word)
    assert word in u.synonyms(word)


def test_dictionary_scale():
    assert len(thesaurus.cilin()) > 50000
    assert len(thesaurus.roget()) > 15000


def test_one_character_words_are_not_expanded():
    assert u.synonyms("推") == {"推"}


@pytest.mark.parametrize(
    ("a", "b"), [("refund", "reimburse"), ("delay", "postpone"), ("help", "assist"), ("sorry", "apologise")]
)
def test_english_synonyms_share_a_group(a, b):
    assert thesaurus.keys(a) & thesaurus.keys(b)


def test_english_stems():
    assert thesaurus.stem("apologizing") == thesaurus.stem("apologize")


def test_unrelated_words_share_no_group():
    assert not thesaurus.keys("退款") & thesaurus.keys("天气")
    assert not thesaurus.keys("refund") & thesaurus.keys("weather")


def test_domain_groups_of_the_old_helper_are_kept():
    for group in text.SYNONYM_GROUPS:
        head = group[0]
        if not head.isascii():
            for word in group:
                assert word in u.synonyms(head), (head, word)


def test_cache_is_built_on_first_use(tmp_path, monkeypatch):
    monkeypatch.setenv("TRAINER_CACHE_DIR", str(tmp_path))
    paths = thesaurus.build_caches()
    try:
        assert all(p.exists() and p.parent == tmp_path for p in paths)
        assert "致歉" in thesaurus.cilin()["道歉"] or thesaurus.cilin()["道歉"]
    finally:
        thesaurus.cilin.cache_clear()
        thesaurus.roget.cache_clear()


def test_build_command(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("TRAINER_CACHE_DIR", str(tmp_path))
    try:
        result = runner.invoke(args=["understanding", "build"])
        assert result.exit_code == 0, result.output
        assert "ready" in result.output
        assert list(tmp_path.glob("cilin-*.pickle"))
    finally:
        thesaurus.cilin.cache_clear()
        thesaurus.roget.cache_clear()


def test_english_keys_accept_a_word_or_its_stem():
    assert thesaurus.keys("compensation") & thesaurus.keys(thesaurus.stem("compensation"))
    assert thesaurus.keys(thesaurus.stem("compensation")) & thesaurus.keys("voucher")


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("然后给他一个能用的替代说法", "提出一个替代口径"),
        ("修好了我再跟您一项项确认", "恢复后和您逐项确认"),
        ("具体什么原因还没查出来，不瞎猜", "不做猜测"),
        ("他先批这3单，其余下周一集中处理", "最急的几单先办其余的之后统一处理"),
    ],
)
def test_everyday_words_for_service_terms(text, concept):
    assert u.match_concept(text, concept).hit


def test_a_lost_parcel_is_not_an_admission_that_we_lost_it():
    assert not u.match_concept("很抱歉您的快件遗失了。", "是我们弄丢的").hit
    assert u.match_concept("相机是在我们分拣的时候丢的", "是我们弄丢的").score > 0.5
