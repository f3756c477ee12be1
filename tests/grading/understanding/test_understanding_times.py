"""Numerals, times, dates, durations and deadlines, normalised so that phrasings compare."""

import pytest

from trainer.grading import understanding as u


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("六点", "6点"),
        ("十五分钟", "15分钟"),
        ("一刻钟", "15分钟"),
        ("半小时", "30分钟"),
        ("两天内", "2天内"),
        ("一到三个工作日", "1到3个工作日"),
        ("明早九点", "明早9点"),
        ("今天下午六点前", "今天下午6点前"),
        ("三点半", "3点30分"),
        ("退款一百二十元", "退款120元"),
        ("两三天", "2-3天"),
        ("一个半小时", "90分钟"),
    ],
)
def test_counting_numerals_become_digits(text, expected):
    assert u.normalize(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一年有两万六的额度", "1年有26000的额度"),
        ("已经用了两万四千三，再加这台三千二百八就超了", "已经用了24300,再加这台3280就超了"),
        ("同一款国内现货，三千四百五", "同一款国内现货,3450"),
        ("一百二十元", "120元"),
        ("一百零五元", "105元"),
        ("两万零六", "20006"),
    ],
)
def test_amounts_said_the_spoken_way_become_digits(text, expected):
    assert u.normalize(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "稍等一下",
        "一定会",
        "一些问题",
        "一直在",
        "十分抱歉",
        "万一",
        "千万不要",
        "快一点",
        "一点也不",
        "周四晚上",
        "统一处理",
        "第一时间",
        "十万火急",
        "百分之百",
    ],
)
def test_words_made_of_numerals_stay_words(text):
    assert u.normalize(text) == text
    assert u.times(text) == [] or text == "周四晚上"


def _one(text):
    found = u.times(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "kind", "value", "quote"),
    [
        ("我们十五分钟内回电", "deadline", "≤PT15M", "十五分钟内"),
        ("请稍等一刻钟", "duration", "PT15M", "一刻钟"),
        ("大约半小时", "duration", "PT30M", "半小时"),
        ("两天内处理", "deadline", "≤P2D", "两天内"),
        ("预计一到三个工作日到账", "range", "P1WD/P3WD", "一到三个工作日"),
        ("明早九点送到", "datetime", "+1d 09:00", "明早九点"),
        ("今天下午六点前给您回电", "deadline", "≤+0d 18:00", "今天下午六点前"),
        ("周四晚上回访", "datetime", "thu evening", "周四晚上"),
        ("下周一给结果", "date", "next-mon", "下周一"),
        ("三点半到", "clock", "03:30", "三点半"),
        ("12点前", "deadline", "≤12:00", "12点前"),
        ("24小时内", "deadline", "≤P1D", "24小时内"),
        ("明天上午十点到十一点", "range", "+1d 10:00/+1d 11:00", "明天上午十点到十一点"),
        ("I'll call you back by 4 pm", "deadline", "≤16:00", "by 4 pm"),
        ("the engineer comes Thursday evening", "datetime", "thu evening", "Thursday evening"),
        ("you will hear from us within 24 hours", "deadline", "≤P1D", "within 24 hours"),
        ("I will ring you tomorrow at 9", "datetime", "+1d 09:00", "tomorrow at 9"),
        ("it will arrive in two days", "deadline", "≤P2D", "in two days"),
        ("refunds take 3-5 business days", "range", "P3WD/P5WD", "3-5 business days"),
        ("about half an hour", "duration", "PT30M", "half an hour"),
        ("see you next Monday", "date", "next-mon", "next Monday"),
    ],
)
def test_times_are_found_with_their_quote(text, kind, value, quote):
    found = _one(text)
    assert (found.kind, found.value, found.span.text) == (kind, value, quote)
    assert text[found.span.start : found.span.end] == quote


@pytest.mark.parametrize(
    "text", ["有两点需要说明", "请快一点", "十分抱歉", "I have 2 questions", "one of our agents"]
)
def test_numbers_that_are_not_times_are_ignored(text):
    assert u.times(text) == []


def test_same_time_in_other_words_matches():
    six_pm = _one("下午六点")
    assert six_pm.value == "18:00"
    assert u.times_match(_one("六点"), six_pm)  # said without 下午: either half of the day
    assert u.times_match(_one("18:00"), six_pm)
    assert u.times_match(_one("by 6 pm"), six_pm)
    assert not u.times_match(_one("九点"), six_pm)
    assert u.times_match(_one("一刻钟"), _one("十五分钟"))
    assert u.times_match(_one("一天内"), _one("24小时内"))
    assert not u.times_match(_one("周四晚上"), _one("周二晚上"))


def test_a_day_of_the_month_said_alone_is_that_day_of_any_month():
    assert u.times_match(_one("15号还没到"), _one("3月15日还没到"))
    assert u.times_match(_one("3月15日"), _one("15号"))
    assert not u.times_match(_one("16号"), _one("3月15日"))


def test_full_width_digits_keep_their_positions():
    text = "我们会在１８：００前回电"
    found = _one(text)
    assert found.value == "≤18:00"
    assert text[found.span.start : found.span.end] == found.span.text


@pytest.mark.parametrize(
    "text",
    [
        "今天天气不错",
        "让您多等了三天",
        "已经两个小时了",
        "三天了还没到",
        "I have waited two days",
        "that was three days ago",
    ],
)
def test_the_present_and_time_gone_by_are_not_times_said(text):
    assert u.times(text) == []


def test_a_sentence_end_is_not_part_of_the_time():
    assert _one("The engineer comes by 6 pm.").span.text == "by 6 pm"
    assert _one("by 6 p.m. today").span.text.startswith("by 6 p.m.")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("研发说 10 点前肯定恢复", "≤10:00"),
        ("5 个工作日内原路退回", "≤P5WD"),
        ("周五 18 点前给您回电", "≤fri 18:00"),
    ],
)
def test_a_space_between_the_number_and_its_unit_changes_nothing(text, value):
    (found,) = u.times(text)
    assert found.value == value and found.span.text in text


def test_a_promise_at_another_hour_does_not_say_the_deadline():
    from trainer.grading.offline.criteria import times_clash

    assert times_clash(("告诉研发这个客户18点要出单",), "研发说 10 点前肯定恢复")


@pytest.mark.parametrize(
    "text", ["底照是零九年办卡时照的", "那张 09 年的老照片", "2009年拍的照片", "二零零九年办的卡"]
)
def test_a_year_named_by_its_digits_is_no_duration(text):
    assert u.times(text) == []


@pytest.mark.parametrize(("text", "value"), [("三年内有效", "≤P3Y"), ("两年", "P2Y")])
def test_a_count_of_years_is_still_a_duration(text, value):
    (found,) = u.times(text)
    assert found.value == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("in about thirty-five minutes", "PT35M"),
        ("fifty five minutes", "PT55M"),
        ("thirty to forty minutes", "PT30M/PT40M"),
    ],
)
def test_a_compound_english_number_is_one_number(text, value):
    (found,) = u.times(text)
    assert found.value.lstrip("≤") == value
