"""A trainer in real headless Chromium: upload a paper, check the preview, import, edit with a live preview."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait
from sqlalchemy import func, select

from tests.support.web import browser_login
from trainer.bank.models import Question
from trainer.extensions import db

pytestmark = pytest.mark.browser


def test_upload_preview_import_then_edit_with_live_preview(
    live_server, browser, screenshot, make_user, samples, staging
):
    trainer = make_user("trainer")
    browser_login(browser, live_server, trainer.email)
    browser.get(f"{live_server}/authoring/import")
    browser.find_element(By.ID, "file").send_keys(str(samples / "paper_objective_zh.txt"))
    browser.find_element(By.CSS_SELECTOR, "form.upload-form button[type=submit]").click()
    wait = WebDriverWait(browser, 15)
    wait.until(
        EC.presence_of_element_located((By.CSS_SELECTOR, "table.import-preview"))
    )  # via the progress script
    screenshot("01-import-preview")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.import-preview tbody tr")
    assert len(rows) == 10
    assert "第1页 共3页" in browser.find_element(By.CSS_SELECTOR, "table.skipped").text
    Select(browser.find_element(By.NAME, "type_10")).select_by_value("interview")
    browser.find_element(By.NAME, "drop_2").click()
    assert "dropped" in browser.find_element(By.ID, "row-2").get_attribute("class")
    browser.find_element(By.ID, "import-all").click()
    result = wait.until(EC.presence_of_element_located((By.ID, "import-result")))
    screenshot("02-imported")
    assert "9" in result.text
    assert db.session.scalar(select(func.count()).select_from(Question)) == 9

    browser.find_element(By.CSS_SELECTOR, "ul.drafts a").click()  # the interview draft to finish
    wait.until(EC.presence_of_element_located((By.ID, "question-editor")))
    stem = browser.find_element(By.ID, "stem")
    stem.clear()
    stem.send_keys("请说明**处理顺序**<script>window.bad=1</script>")
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#preview-stem strong")))
    preview = browser.find_element(By.ID, "preview-stem")
    assert preview.find_element(By.TAG_NAME, "strong").text == "处理顺序"
    assert "<script" not in preview.get_attribute("innerHTML")
    assert browser.execute_script("return window.bad === undefined")
    assert not browser.find_element(By.ID, "option_A").is_displayed()  # interview: no options
    screenshot("03-editor-preview")


def test_drafted_rubric_and_scenario_are_reviewed_and_accepted_in_the_preview(
    live_server, browser, screenshot, make_user, staging
):
    from pathlib import Path

    from trainer.bank.models import Rubric, Scenario

    paper = Path(__file__).resolve().parents[1] / "bank" / "papers" / "site_full_paper.txt"
    browser_login(browser, live_server, make_user("trainer").email)
    browser.get(f"{live_server}/authoring/import")
    browser.find_element(By.ID, "file").send_keys(str(paper))
    browser.find_element(By.CSS_SELECTOR, "form.upload-form button[type=submit]").click()
    wait = WebDriverWait(browser, 15)
    wait.until(EC.presence_of_element_located((By.ID, "rubric-draft-3")))
    assert len(browser.find_elements(By.CSS_SELECTOR, "table.import-preview tbody tr[id^=row-]")) == 4
    rubric = browser.find_element(By.ID, "rubric-draft-3")
    rubric.find_element(By.TAG_NAME, "summary").click()
    assert "共情致歉" in rubric.text and rubric.find_element(By.NAME, "rubric_text_3").is_displayed()
    rubric.find_element(By.NAME, "use_rubric_3").click()
    scenario = browser.find_element(By.ID, "scenario-draft-4")
    scenario.find_element(By.TAG_NAME, "summary").click()
    assert "我订的生日蛋糕" in scenario.text
    scenario.find_element(By.NAME, "use_scenario_4").click()
    screenshot("04-drafts-in-preview")
    browser.find_element(By.ID, "import-all").click()
    wait.until(EC.presence_of_element_located((By.ID, "import-result")))
    assert db.session.scalar(select(func.count()).select_from(Rubric)) == 1
    assert db.session.scalar(select(func.count()).select_from(Scenario)) == 1
