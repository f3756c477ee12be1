"""An admin changes a role on the accounts page in a real browser."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.support.web import browser_login
from trainer.auth.services import find_user
from trainer.extensions import db

pytestmark = pytest.mark.browser


def test_admin_promotes_a_candidate_to_trainer(live_server, browser, screenshot, make_user):
    admin = make_user("admin")
    target = make_user("candidate", email="li.lei@example.com")
    browser_login(browser, live_server, admin.email)
    browser.get(f"{live_server}/admin/users")
    Select(browser.find_element(By.CSS_SELECTOR, f"select[form='user-{target.id}']")).select_by_value(
        "trainer"
    )
    screenshot("accounts")
    browser.find_element(By.CSS_SELECTOR, f"#user-{target.id} button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".flash-success"))
    db.session.expire_all()
    user = find_user("li.lei@example.com")
    assert user.role == "trainer" and user.is_active_account
