"""HR creates a cohort, adds a candidate and assigns an exam with a due date in real headless Chromium;
the candidate then sees it with its due date. Screenshots."""

from __future__ import annotations

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.support.web import browser_login
from trainer.bank.services import save_question
from trainer.exams.builder import ExamSpec, save_exam
from trainer.exams.layout import Section
from trainer.extensions import db
from trainer.people.models import Cohort

pytestmark = pytest.mark.browser

# A stale element (a subclass) or "node does not belong to the document": an element read mid-reload.
RELOADING = (WebDriverException,)


def test_hr_assigns_an_exam_to_a_cohort_and_the_candidate_sees_it(
    live_server, browser, screenshot, make_user
):
    save_question(
        {
            "id": "c-single",
            "type": "single",
            "points": 2,
            "stem": "客户催单，先做什么？",
            "options": {"A": "核实物流", "B": "让客户等"},
            "answer": "A",
        }
    )
    db.session.commit()
    exam = save_exam(
        ExamSpec(
            title="夜班上岗考核",
            sections=[Section(title="单选", questions=[{"uid": "c-single"}])],
            status="draft",
        ),
        make_user("trainer"),
    )
    exam.status = "published"  # published, but not open to all and assigned to no one yet
    db.session.commit()
    candidate = make_user(name="王小明")
    hr = make_user("hr")
    browser_login(browser, live_server, hr.email)
    browser.get(f"{live_server}/people/cohorts")
    browser.find_element(By.ID, "cohort-name").send_keys("2026 春季入职一班")
    browser.find_element(By.CSS_SELECTOR, "#new-cohort button[type=submit]").click()
    WebDriverWait(browser, 10, ignored_exceptions=RELOADING).until(
        lambda b: b.find_elements(By.ID, "members-form")
    )
    browser.find_element(By.ID, "member-emails").send_keys(candidate.email)
    browser.find_element(By.ID, "add-members").click()
    # The page reloads after each form: an element read during the reload is stale, or chromedriver says
    # its node no longer belongs to the document; either way, poll through it (RELOADING).
    WebDriverWait(browser, 10, ignored_exceptions=RELOADING).until(
        lambda b: candidate.email in b.find_element(By.ID, "members").text
    )
    Select(browser.find_element(By.ID, "assign-item")).select_by_value(f"exam:{exam.id}")
    browser.execute_script("document.getElementById('assign-due').value = '2030-06-01T18:00'")
    browser.find_element(By.ID, "assign-button").click()
    WebDriverWait(browser, 10, ignored_exceptions=RELOADING).until(
        lambda b: "夜班上岗考核" in b.find_element(By.ID, "assignments").text
    )
    assert "2030-06-01 18:00" in browser.find_element(By.ID, "assignments").text
    screenshot("01-cohort")
    db.session.expire_all()
    cohort = db.session.scalar(db.select(Cohort))
    assert cohort.name == "2026 春季入职一班" and len(cohort.members) == 1

    browser.delete_all_cookies()
    browser_login(browser, live_server, candidate.email)
    browser.get(f"{live_server}/exams/")
    assigned = browser.find_element(By.ID, "assigned").text
    assert "夜班上岗考核" in assigned and "2026 春季入职一班" in assigned and "2030-06-01 18:00" in assigned
    card = browser.find_element(By.ID, f"exam-{exam.id}")
    assert "2030-06-01 18:00 前完成" in card.text
    screenshot("02-candidate")
    card.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 10, ignored_exceptions=RELOADING).until(lambda b: b.find_elements(By.ID, "exam"))


def test_an_admin_imports_accounts_and_downloads_the_passwords_as_csv(
    live_server, browser, screenshot, make_user, tmp_path
):
    import csv
    import time

    from trainer.auth.services import authenticate

    people_file = tmp_path / "people.csv"
    people_file.write_text(
        "姓名,邮箱,角色,班级\n陈静,chen@example.test,学员,售后一班\n周强,zhou@example.test,,售后一班\n",
        encoding="utf-8",
    )
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    browser_login(browser, live_server, make_user("admin").email)
    browser.get(f"{live_server}/people/import")
    browser.find_element(By.ID, "import-file").send_keys(str(people_file))
    browser.find_element(By.CSS_SELECTOR, "#import-upload button[type=submit]").click()
    WebDriverWait(browser, 10, ignored_exceptions=RELOADING).until(
        lambda b: b.find_elements(By.ID, "import-button")
    )
    browser.find_element(By.ID, "import-button").click()
    WebDriverWait(browser, 10, ignored_exceptions=RELOADING).until(
        lambda b: b.find_elements(By.ID, "passwords-csv")
    )
    screenshot("01-import-done-with-csv")
    shown = {
        row.find_elements(By.TAG_NAME, "td")[1].text: row.find_element(By.TAG_NAME, "code").text
        for row in browser.find_elements(By.CSS_SELECTOR, "#new-passwords tbody tr")
    }
    browser.find_element(By.ID, "passwords-csv").click()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not [p for p in downloads.glob("*.csv")]:
        time.sleep(0.2)
    files = list(downloads.glob("accounts-*.csv"))
    assert len(files) == 1, list(downloads.iterdir())
    rows = list(csv.reader(files[0].read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == ["姓名", "邮箱", "角色", "班级/团队", "密码"]
    assert {r[1]: r[4] for r in rows[1:]} == shown and set(shown) == {
        "chen@example.test",
        "zhou@example.test",
    }
    assert all(authenticate(email, password) is not None for email, password in shown.items())
