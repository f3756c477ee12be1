"""A whole role-play in headless Chromium: Enter sends, the reply appears, the end, the scorecard chart."""

from __future__ import annotations

import pytest

from tests.roleplay.support import GOOD_STORM, load_into_db
from tests.support.web import browser_login

pytestmark = pytest.mark.browser


def test_a_full_role_play_to_the_scorecard(app, live_server, browser, screenshot, make_user) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    load_into_db("storm-parcel-delay")
    user = make_user("candidate")
    browser_login(browser, live_server, user.email)
    browser.get(f"{live_server}/roleplay/")
    browser.find_element(By.CSS_SELECTOR, 'form[action$="/storm-parcel-delay/start"] button').click()
    wait = WebDriverWait(browser, 20)
    box = wait.until(ec.element_to_be_clickable((By.ID, "rp-input")))
    assert len(browser.find_elements(By.CSS_SELECTOR, "#rp-log .rp-customer")) == 1  # the opening line
    start_anger = int(browser.find_element(By.ID, "rp-mood").get_attribute("data-anger"))
    screenshot("01-chat-opening")

    # Shift+Enter is a new line, not a send.
    box.send_keys("第一行", Keys.SHIFT, Keys.ENTER, Keys.SHIFT, "第二行")
    assert box.get_attribute("value") == "第一行\n第二行"
    assert len(browser.find_elements(By.CSS_SELECTOR, "#rp-log .rp-candidate")) == 0
    box.clear()

    for n, line in enumerate(GOOD_STORM, start=1):
        box.send_keys(line, Keys.ENTER)
        wait.until(
            lambda b, n=n: len(b.find_elements(By.CSS_SELECTOR, "#rp-log .rp-customer[data-turn]")) == n + 1
        )
        wait.until(lambda b: "rp-busy" not in b.find_element(By.ID, "rp").get_attribute("class"))
        assert browser.find_element(By.ID, "rp-turns").text == str(n)
        if n == 1:
            screenshot("02-chat-first-reply")
    last_anger = int(browser.find_element(By.ID, "rp-mood").get_attribute("data-anger"))
    assert last_anger < start_anger
    link = wait.until(ec.visibility_of_element_located((By.ID, "rp-scorecard")))
    assert not browser.find_element(By.ID, "rp-form").is_displayed()
    screenshot("03-chat-ended")
    link.click()
    wait.until(ec.presence_of_element_located((By.ID, "rp-end-state")))
    assert browser.find_element(By.ID, "rp-end-state").get_attribute("data-end-state") == "resolved"
    points = browser.find_elements(By.CSS_SELECTOR, ".rp-chart svg circle")
    assert [int(p.get_attribute("data-anger")) for p in points][0] == start_anger
    assert int(points[-1].get_attribute("data-anger")) == last_anger
    assert browser.find_elements(By.CSS_SELECTOR, ".rp-criteria a.rp-turnlink")
    screenshot("04-scorecard")
    browser.set_window_size(390, 844)  # a phone
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot("05-scorecard-phone")
    browser.find_element(By.ID, "rp-again").click()
    wait.until(ec.element_to_be_clickable((By.ID, "rp-input")))
    assert len(browser.find_elements(By.CSS_SELECTOR, "#rp-log .rp-msg")) == 1
