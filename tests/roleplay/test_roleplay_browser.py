"""A whole role-play in headless Chromium: Enter sends, the reply appears, the end, the scorecard chart."""

from __future__ import annotations

import pytest

from tests.roleplay.support import GOOD_STORM, WEATHER, load_into_db
from tests.support.web import browser_login

pytestmark = pytest.mark.browser

# A good conversation in the candidate's own words (none of the scenario's trigger phrases verbatim).
OTHER_WORDS = [
    "林女士，实在对不起，一个包裹让您连着打了三次电话，周末还等着用，换谁都会急。",
    "我这边看了物流记录：中转站前几天因为积水关了一天半，十九号早上已经重新开始分拣，您的投影仪已经在去良渚那边"
    "网点的车上了，只是页面没刷新。之前没人跟您讲清楚，是我们的失职。",
    "我现在让营业部第一批给您送，明天上午十一点以前送上门；按规定我再补您一张二十块的券。"
    "明天早上九点我亲自打电话给您确认进度。",
]


def test_a_full_role_play_to_the_scorecard(app, live_server, browser, screenshot, make_user) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    load_into_db("storm-parcel-delay")
    user = make_user("candidate")
    browser_login(browser, live_server, user.email)
    browser.get(f"{live_server}/roleplay/")
    browser.find_element(By.CSS_SELECTOR, 'a[href$="/storm-parcel-delay/prepare"]').click()
    wait = WebDriverWait(browser, 20)
    start = wait.until(ec.element_to_be_clickable((By.ID, "rp-start")))
    assert browser.find_elements(By.CSS_SELECTOR, "#rp-required li")  # what "resolved" means, by name
    assert browser.find_elements(By.CSS_SELECTOR, "#rp-criteria-list tbody tr")  # what will be scored
    browser.find_element(By.CSS_SELECTOR, 'input[name="difficulty"][value="hard"]').click()
    screenshot("00-before-the-session")
    start.click()
    box = wait.until(ec.element_to_be_clickable((By.ID, "rp-input")))
    assert len(browser.find_elements(By.CSS_SELECTOR, "#rp-log .rp-customer")) == 1  # the opening line
    start_anger = int(browser.find_element(By.ID, "rp-mood").get_attribute("data-anger"))
    assert browser.find_element(By.ID, "rp-difficulty").get_attribute("data-level") == "hard"
    assert "困难" in browser.find_element(By.ID, "rp-difficulty").text
    screenshot("01-chat-opening")

    # Shift+Enter is a new line, not a send.
    box.send_keys("第一行", Keys.SHIFT, Keys.ENTER, Keys.SHIFT, "第二行")
    assert box.get_attribute("value") == "第一行\n第二行"
    assert len(browser.find_elements(By.CSS_SELECTOR, "#rp-log .rp-candidate")) == 0
    box.clear()

    for n, line in enumerate(OTHER_WORDS, start=1):
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


def test_the_scorecard_explains_and_a_turn_can_be_retried(
    app, live_server, browser, screenshot, make_user
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    load_into_db("storm-parcel-delay")
    user = make_user("candidate")
    browser_login(browser, live_server, user.email)
    browser.get(f"{live_server}/roleplay/scenarios/storm-parcel-delay/prepare")
    wait = WebDriverWait(browser, 20)
    wait.until(ec.element_to_be_clickable((By.ID, "rp-start"))).click()
    box = wait.until(ec.element_to_be_clickable((By.ID, "rp-input")))
    rude = [WEATHER, "爱投诉就去投诉，随便你。", "你自己看着办。"]
    for n, line in enumerate(rude, start=1):
        box.send_keys(line, Keys.ENTER)
        wait.until(
            lambda b, n=n: (
                len(b.find_elements(By.CSS_SELECTOR, "#rp-log .rp-customer[data-turn]")) == n + 1
                or b.find_element(By.ID, "rp-scorecard").is_displayed()
            )
        )
        wait.until(lambda b: "rp-busy" not in b.find_element(By.ID, "rp").get_attribute("class"))
        if browser.find_element(By.ID, "rp-scorecard").is_displayed():
            break
    wait.until(ec.visibility_of_element_located((By.ID, "rp-scorecard"))).click()
    wait.until(ec.presence_of_element_located((By.ID, "rp-reasons")))
    # Why the customer reacted, turn by turn, with the candidate's words and the anger change.
    first = browser.find_element(By.CSS_SELECTOR, '#rp-reasons tr[data-turn="1"]')
    assert int(first.get_attribute("data-delta")) > 0
    assert "以天气、不可抗力推脱" in first.text and WEATHER in first.text
    raisers = browser.find_element(By.ID, "rp-raisers").text
    assert "顶撞、不耐烦" in raisers and "爱投诉就去投诉" in raisers
    assert not browser.find_elements(By.ID, "rp-no-redlines")
    assert browser.find_elements(By.CSS_SELECTOR, "#rp-missing li")
    better = browser.find_element(By.ID, "rp-better-text").text
    assert better
    screenshot("01-scorecard-explains")

    # Retry the worst turn: a practice branch holding the turns before it.
    browser.find_element(By.ID, "rp-retry-worst").click()
    box = wait.until(ec.element_to_be_clickable((By.ID, "rp-input")))
    assert browser.find_element(By.ID, "rp-practice").is_displayed()
    assert len(browser.find_elements(By.CSS_SELECTOR, "#rp-log .rp-customer")) == 1
    screenshot("02-retry-from-turn-1")
    for n, line in enumerate(GOOD_STORM, start=1):
        box.send_keys(line, Keys.ENTER)
        wait.until(
            lambda b, n=n: len(b.find_elements(By.CSS_SELECTOR, "#rp-log .rp-customer[data-turn]")) == n + 1
        )
        wait.until(lambda b: "rp-busy" not in b.find_element(By.ID, "rp").get_attribute("class"))
    wait.until(ec.visibility_of_element_located((By.ID, "rp-scorecard"))).click()
    wait.until(ec.presence_of_element_located((By.ID, "rp-end-state")))
    assert browser.find_element(By.ID, "rp-end-state").get_attribute("data-end-state") == "resolved"
    assert "练习分支" in browser.find_element(By.ID, "rp-practice").text
    screenshot("03-branch-scorecard")
    browser.find_element(By.CSS_SELECTOR, "#rp-practice a").click()  # back to the original, kept as it was
    wait.until(ec.presence_of_element_located((By.ID, "rp-branches")))
    assert browser.find_element(By.ID, "rp-end-state").get_attribute("data-end-state") != "resolved"
    assert browser.find_elements(By.CSS_SELECTOR, "#rp-branches li")
    screenshot("04-original-with-its-branch")
