"""Helpers for tests that talk to the app like a browser does (import from here, not from conftest)."""

from __future__ import annotations

import re

PASSWORD = "correct-horse-42"  # every user made by the make_user fixture has it

CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def browser_login(browser, base_url: str, email: str, password: str = PASSWORD) -> None:
    """Sign in through the real form in the browser."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{base_url}/login")
    browser.find_element(By.ID, "email").send_keys(email)
    browser.find_element(By.ID, "password").send_keys(password)
    browser.find_element(By.CSS_SELECTOR, "button[type=submit].primary").click()
    # Wait for the sign-in to land, so the caller's next page load is not raced against it.
    WebDriverWait(browser, 20).until(
        lambda d: "/login" not in d.current_url or d.find_elements(By.CSS_SELECTOR, ".flash-error")
    )
