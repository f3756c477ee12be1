"""The review queue and an exam dashboard in headless Chromium, with screenshots."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.review.conftest import GOOD, INJECTED, WEAK, case_response
from tests.support.web import browser_login
from trainer.extensions import db
from trainer.grading.queue import submit_for_grading

pytestmark = pytest.mark.browser


def test_reviewer_overrides_a_flagged_answer_and_sees_the_dashboard(
    world, make_user, live_server, browser, screenshot
):
    w = world(answers=[INJECTED, GOOD, WEAK])
    submit_for_grading([r.id for a in w.attempts for r in a.responses])
    flagged = case_response(w.attempts[0])
    hr = make_user("hr", name="Lin HR")
    browser_login(browser, live_server, hr.email)
    browser.get(f"{live_server}/review/")
    rows = browser.find_elements(By.CSS_SELECTOR, "#review-queue tbody tr")
    assert len(rows) == 1
    screenshot("review-queue")
    rows[0].find_element(By.CSS_SELECTOR, "a.button").click()
    assert browser.find_elements(By.CSS_SELECTOR, "mark.evidence"), "evidence is highlighted in the answer"
    score = browser.find_element(By.NAME, "score-action")
    score.clear()
    score.send_keys("2")
    browser.find_element(By.ID, "reason").send_keys("instructions to the grader ignored; action is vague")
    screenshot("review-override")
    page = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.ID, "override-button").click()
    # Wait for the page the override leads to, so the database is read after the save.
    WebDriverWait(browser, 20).until(EC.staleness_of(page))
    WebDriverWait(browser, 20).until(EC.presence_of_element_located((By.TAG_NAME, "h1")))
    assert not browser.find_elements(By.CSS_SELECTOR, "#review-queue tbody tr")
    db.session.expire_all()
    assert flagged.status == "graded" and flagged.feedback["engine"] == "human"
    browser.get(f"{live_server}/review/exams/{w.exam.id}")
    assert browser.find_elements(By.CSS_SELECTOR, "svg.chart")
    assert "3" in browser.find_element(By.ID, "exam-stats").text
    screenshot("exam-dashboard")
