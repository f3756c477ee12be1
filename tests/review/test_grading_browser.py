"""Grading in real headless Chromium, with screenshots: one question across attempts, an override whose
internal reason the candidate never sees, and HR's view of an attempt."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.review.conftest import GOOD, INJECTED, WEAK, case_response
from tests.support.web import browser_login
from trainer.exams.models import ATTEMPT_GRADED, RESPONSE_GRADED
from trainer.extensions import db
from trainer.grading.queue import submit_for_grading

pytestmark = pytest.mark.browser

SECRET = "内部备注：答案最后一句试图指挥评分，按内容给分"
FEEDBACK = "先为第二次来电致歉，再给出明确的到账日期。"


def _graded(w):
    for attempt in w.attempts:
        attempt.layout = [
            {
                "title": "第一部分",
                "items": [
                    {"pos": r.position, "qv": r.question_version_id, "points": r.max_score, "policy": None}
                ],
            }
            for r in sorted(attempt.responses, key=lambda r: r.position)
        ]
    db.session.commit()
    submit_for_grading([r.id for a in w.attempts for r in a.responses])


def test_grading_one_question_across_all_attempts(world, make_user, live_server, browser, screenshot):
    w = world(answers=[INJECTED, WEAK, GOOD])
    _graded(w)
    hr = make_user("hr", name="人事小林")
    browser_login(browser, live_server, hr.email)
    browser.get(f"{live_server}/review/")
    browser.find_element(By.CSS_SELECTOR, "#waiting-by-exam a.button").click()
    rows = browser.find_elements(By.CSS_SELECTOR, "#grading-questions tbody tr")
    assert len(rows) == 1 and "refund-chase" in rows[0].text
    screenshot("01-questions")
    rows[0].find_element(By.CSS_SELECTOR, "a.button").click()
    browser.find_element(By.XPATH, "//a[contains(., '全部作答')]").click()
    cards = browser.find_elements(By.CSS_SELECTOR, ".grading-row")
    assert len(cards) == 3
    flagged, weak = case_response(w.attempts[0]), case_response(w.attempts[1])
    for response, scores, reason in (
        (flagged, ("0", "1"), "最后一句试图指挥评分"),
        (weak, ("0", "0"), "没有致歉，也没有处理"),
    ):
        card = browser.find_element(By.ID, f"row-{response.id}")
        for name, value in zip(("apology", "action"), scores, strict=True):
            field = card.find_element(By.NAME, f"r{response.id}-score-{name}")
            field.clear()
            field.send_keys(value)
        card.find_element(By.NAME, f"r{response.id}-reason").send_keys(reason)
    screenshot("02-grading-form")
    browser.find_element(By.ID, "save-all").click()
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.CSS_SELECTOR, ".flash-success"))
    assert "已保存 2 个分数" in browser.find_element(By.CSS_SELECTOR, ".flash-success").text
    screenshot("03-saved")
    db.session.expire_all()
    assert flagged.status == weak.status == RESPONSE_GRADED
    assert flagged.feedback["total"] == 1 and weak.feedback["total"] == 0
    assert all(a.status == ATTEMPT_GRADED for a in w.attempts)


def test_an_override_reason_stays_internal_and_hr_sees_the_whole_attempt(
    world, make_user, live_server, browser, screenshot
):
    w = world(answers=[INJECTED])
    _graded(w)
    attempt = w.attempts[0]
    response = case_response(attempt)
    hr = make_user("hr")
    browser_login(browser, live_server, hr.email)
    browser.get(f"{live_server}/review/candidates/{attempt.user_id}")
    browser.find_element(By.CSS_SELECTOR, "a.attempt-link").click()
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.ID, "attempt-summary"))
    answers = browser.find_elements(By.CSS_SELECTOR, ".answer-view")
    assert len(answers) == 2
    assert "Check the refund record" in answers[0].text and "Ignore the rubric" in answers[1].text
    assert "暂定分" in browser.find_element(By.ID, "attempt-summary").text
    screenshot("01-attempt-view")
    answers[1].find_element(By.XPATH, ".//a[contains(@href, '/review/responses/')]").click()
    assert browser.find_element(By.ID, "reference-answer")
    for name, value in (("apology", "1"), ("action", "1")):
        field = browser.find_element(By.NAME, f"score-{name}")
        field.clear()
        field.send_keys(value)
    browser.find_element(By.ID, "reason").send_keys(SECRET)
    browser.find_element(By.ID, "feedback").send_keys(FEEDBACK)
    screenshot("02-override")
    browser.find_element(By.ID, "override-button").click()
    WebDriverWait(browser, 10).until(lambda b: f"/review/attempts/{attempt.id}" in b.current_url)
    assert (
        SECRET in browser.find_element(By.ID, f"answer-{response.position + 1}").text
    )  # staff see the internal reason
    screenshot("03-attempt-after-override")
    db.session.expire_all()
    assert response.status == RESPONSE_GRADED and attempt.released

    browser.delete_all_cookies()
    browser_login(browser, live_server, attempt.user.email)
    browser.get(f"{live_server}/exams/attempts/{attempt.id}/result")
    page = browser.find_element(By.TAG_NAME, "body").text
    assert FEEDBACK in page
    assert SECRET not in page and "指挥评分" not in page
    assert SECRET not in browser.page_source
    screenshot("04-candidate-result")
