"""Signing in with a real browser and switching the language."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from tests.support.web import browser_login

pytestmark = pytest.mark.browser


def test_candidate_signs_in_and_switches_to_english(live_server, browser, screenshot, make_user):
    user = make_user("candidate", name="李雷")
    browser_login(browser, live_server, user.email)
    screenshot("01-home-zh")
    assert "李雷" in browser.page_source
    assert "退出登录" in browser.page_source
    browser.find_element(By.CSS_SELECTOR, "button[lang=en]").click()
    shot = screenshot("02-home-en")
    assert "Sign out" in browser.page_source
    assert shot.stat().st_size > 1000
