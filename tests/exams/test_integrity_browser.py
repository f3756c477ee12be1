"""Integrity signals in real headless Chromium: the candidate leaves the exam tab for another one and
comes back, pastes into a free-text answer, and HR's attempt view lists it all with the time away; with
a limit of two, the third time away submits the attempt and the candidate is told why. Screenshots."""

from __future__ import annotations

import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from tests.support.web import browser_login
from trainer.exams.layout import Section
from trainer.exams.models import Attempt, IntegrityEvent
from trainer.extensions import db

pytestmark = pytest.mark.browser

ANSWER = "非常抱歉让您久等了，我马上核实物流并在今天内给您答复。"


def _leave_and_come_back(browser, seconds: float) -> None:
    """Open another tab, stay there, close it and return to the exam tab (the page's own
    visibilitychange and blur/focus handlers see it)."""
    time.sleep(1)  # a moment on the exam page since the last time away
    exam_tab = browser.current_window_handle
    browser.switch_to.new_window("tab")
    browser.get("about:blank")
    time.sleep(seconds)
    browser.close()
    browser.switch_to.window(exam_tab)


def _alert_says(browser, text: str) -> None:
    WebDriverWait(browser, 10).until(lambda b: text in b.find_element(By.ID, "away-alert").text)


def test_times_away_and_a_paste_are_logged_and_the_third_time_away_submits(
    live_server, browser, screenshot, make_user, make_exam
):
    exam = make_exam(
        title="诚信测评",
        time_limit_minutes=30,
        away_limit=2,
        sections=[
            Section(title="单选", questions=[{"uid": "t-single-0", "policy": None}]),
            Section(title="案例", questions=[{"uid": "t-case", "policy": None}]),
        ],
    )
    candidate = make_user(name="王小明")
    browser_login(browser, live_server, candidate.email)
    browser.get(f"{live_server}/exams/")
    card = browser.find_element(By.ID, f"exam-{exam.id}")
    assert "离开考试页面次数上限：2 次" in card.text
    screenshot("01-exam-card-with-the-limit")
    card.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 10).until(ec.presence_of_element_located((By.ID, "exam")))
    assert browser.find_element(By.ID, "away-count").text == "已离开考试页面 0 次（上限 2 次）"

    # answer the single choice, then write the case answer and paste a copy of it in
    browser.find_element(By.XPATH, "//article[@id='q-0']//label[contains(., '先安抚并核实物流信息')]").click()
    text = browser.find_element(By.CSS_SELECTOR, "#q-1 textarea")
    text.send_keys(ANSWER)
    text.send_keys(Keys.CONTROL, "a")
    text.send_keys(Keys.CONTROL, "c")
    text.send_keys(Keys.END, "\n")
    text.send_keys(Keys.CONTROL, "v")
    WebDriverWait(browser, 10).until(
        lambda b: b.find_element(By.ID, "save-status").get_attribute("class") == "save-status saved"
    )

    _leave_and_come_back(browser, 2.5)
    _alert_says(browser, "还可离开 1 次")
    assert browser.find_element(By.ID, "away-count").text == "已离开考试页面 1 次（上限 2 次）"
    screenshot("02-first-time-away")
    _leave_and_come_back(browser, 1.2)
    _alert_says(browser, "请勿再离开")
    screenshot("03-second-time-away")
    _leave_and_come_back(browser, 1.2)
    _alert_says(browser, "因离开考试页面次数超过上限自动交卷")
    screenshot("04-third-time-away-submits")
    WebDriverWait(browser, 10).until(ec.presence_of_element_located((By.ID, "submit-reason")))
    assert "因离开考试页面次数超过上限自动交卷" in browser.find_element(By.ID, "submit-reason").text
    screenshot("05-result-says-why")

    attempt = db.session.scalar(db.select(Attempt).where(Attempt.user_id == candidate.id))
    db.session.refresh(attempt)
    assert attempt.status != "in_progress" and attempt.submit_reason == "away_limit"
    case = next(r for r in attempt.responses if r.question_version.type == "case")
    db.session.refresh(case)
    assert case.answer.startswith(ANSWER) and case.answer.count(ANSWER) == 2  # autosaved, with the paste
    kinds = [e.kind for e in db.session.scalars(db.select(IntegrityEvent).filter_by(attempt_id=attempt.id))]
    assert kinds.count("paste") == 1 and kinds.count("hidden") == 3

    # HR's attempt view: the reason, the times away and every signal with its duration
    browser.delete_all_cookies()
    browser_login(browser, live_server, make_user("hr").email)
    browser.get(f"{live_server}/review/attempts/{attempt.id}")
    summary = browser.find_element(By.ID, "attempt-summary").text
    assert "因离开考试页面次数超过上限自动交卷" in summary
    section = browser.find_element(By.ID, "integrity")
    assert "离开考试页面次数（同一时刻的切换标签页与离开窗口计为一次）: 3 · 上限 2 次" in section.text
    section.find_element(By.TAG_NAME, "summary").click()
    rows = [
        [td.text for td in row.find_elements(By.TAG_NAME, "td")]
        for row in section.find_elements(By.CSS_SELECTOR, "tbody tr")
    ]
    tab_rows = [r for r in rows if r[1] == "切换离开考试标签页"]
    assert len(tab_rows) == 3
    minutes, seconds = tab_rows[0][3].split(":")  # the first time away lasted about 2.5 s
    assert minutes == "0" and 2 <= int(seconds) <= 6
    assert all(r[3] not in ("—", "") for r in tab_rows)
    pastes = [r for r in rows if r[1] == "在答案中粘贴"]
    assert len(pastes) == 1 and pastes[0][2] == "2" and pastes[0][4] == str(len(ANSWER))
    screenshot("06-hr-attempt-view")


def test_a_tab_closed_while_away_still_counts(live_server, browser, make_user, make_exam):
    exam = make_exam(
        title="关闭标签页",
        away_limit=5,
        sections=[Section(title="单选", questions=[{"uid": "t-single-0", "policy": None}])],
    )
    candidate = make_user()
    browser_login(browser, live_server, candidate.email)
    browser.get(f"{live_server}/exams/")
    browser.find_element(By.ID, f"exam-{exam.id}").find_element(
        By.CSS_SELECTOR, "button[type=submit]"
    ).click()
    WebDriverWait(browser, 10).until(ec.presence_of_element_located((By.ID, "exam")))
    exam_url = browser.current_url
    exam_target = next(
        t["targetId"]
        for t in browser.execute_cdp_cmd("Target.getTargets", {})["targetInfos"]
        if t["type"] == "page" and t["url"] == exam_url
    )
    browser.switch_to.new_window("tab")  # the exam tab is now hidden ...
    browser.get("about:blank")
    time.sleep(1.5)
    browser.execute_cdp_cmd("Target.closeTarget", {"targetId": exam_target})  # ... and closed from here
    attempt = db.session.scalar(db.select(Attempt).where(Attempt.user_id == candidate.id))

    def stored(_driver):
        db.session.expire_all()
        return db.session.scalars(
            db.select(IntegrityEvent).filter_by(attempt_id=attempt.id, kind="hidden")
        ).all()

    events = WebDriverWait(browser, 10).until(stored)
    assert len(events) == 1 and events[0].duration_ms >= 1000
