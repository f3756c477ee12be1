"""A trainer builds an exam in real headless Chromium by picking questions from the bank, sees the running
points total and the draw count, saves it and previews the paper as a candidate sees it."""

from __future__ import annotations

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.support.web import browser_login
from trainer.exams.models import Exam
from trainer.extensions import db

pytestmark = pytest.mark.browser


def _click(browser, css: str) -> bool:
    """Click an element that a newer search may just have replaced (the wait retries on a stale one)."""
    browser.find_element(By.CSS_SELECTOR, css).click()
    return True


def test_trainer_picks_questions_into_an_exam_and_previews_it(
    live_server, browser, screenshot, trainer, bank
):
    browser_login(browser, live_server, trainer.email)
    browser.get(f"{live_server}/exams/new")
    assert len(browser.find_elements(By.CSS_SELECTOR, ".section-row")) == 1
    browser.find_element(By.ID, "title").send_keys("挑题测评")
    browser.find_element(By.ID, "sections-0-title").send_keys("案例")
    browser.find_element(By.CSS_SELECTOR, ".section-row .pick-button").click()
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#picker-results tr"))
    Select(browser.find_element(By.ID, "picker-type")).select_by_value("case")
    browser.find_element(By.ID, "picker-q").send_keys("生鲜")
    settled = WebDriverWait(browser, 10, ignored_exceptions=(StaleElementReferenceException,))
    settled.until(
        lambda b: (
            [r.get_attribute("data-uid") for r in b.find_elements(By.CSS_SELECTOR, "#picker-results tr")]
            == ["t-case"]
        )
    )
    screenshot("01-picker")
    settled.until(lambda b: _click(b, "#picker-results tr[data-uid='t-case'] .add"))
    browser.find_element(By.ID, "picker-close").click()
    picked = browser.find_element(By.CSS_SELECTOR, ".section-row .picked-list")
    assert "t-case" in picked.text and "案例分析" in picked.text
    WebDriverWait(browser, 10).until(lambda b: b.find_element(By.ID, "points-total").text == "10")

    # a second section, added on the page, draws two single-choice questions at random
    browser.find_element(By.ID, "add-section").click()
    assert len(browser.find_elements(By.CSS_SELECTOR, ".section-row")) == 2
    browser.find_element(By.ID, "sections-1-title").send_keys("单选")
    draw = browser.find_element(By.ID, "sections-1-draw")
    draw.send_keys("2")
    Select(browser.find_element(By.ID, "sections-1-type")).select_by_value("single")
    browser.find_element(By.ID, "sections-1-tags").click()  # moves focus: the change events fire
    WebDriverWait(browser, 10).until(
        lambda b: "5" in b.find_elements(By.CSS_SELECTOR, ".section-row .pool-count")[1].text
    )
    WebDriverWait(browser, 10).until(lambda b: b.find_element(By.ID, "points-total").text == "14")
    screenshot("02-builder")
    browser.find_element(By.CSS_SELECTOR, "form.builder button[type=submit].primary").click()
    WebDriverWait(browser, 10).until(lambda b: "/edit" in b.current_url)
    db.session.expire_all()
    exam = db.session.scalar(db.select(Exam).where(Exam.title == "挑题测评"))
    assert exam is not None and exam.open_to_all
    assert exam.config["sections"][0]["questions"] == [{"uid": "t-case", "policy": None}]
    assert exam.config["sections"][1]["draw"] == 2

    browser.find_element(By.ID, "preview-link").click()
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.ID, "preview-banner"))
    questions = browser.find_elements(By.CSS_SELECTOR, "article.question")
    assert len(questions) == 3
    assert "客户的生鲜包裹延误两天" in browser.find_element(By.ID, "q-0").text
    assert "共 3 道题，总分 14 分" in browser.find_element(By.ID, "preview-banner").text
    screenshot("03-preview")
