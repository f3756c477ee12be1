"""A trainer checks a scenario in the editor's "try it" box, in real headless Chromium."""

from __future__ import annotations

import pytest

from tests.roleplay.support import load_into_db
from tests.support.web import browser_login

pytestmark = pytest.mark.browser

LINES = [
    "这段时间一直下暴雨，属于不可抗力，请您耐心等待。",
    "林女士，让您白等了四天，还打了两次电话，换作是我也会着急。",
]


def test_pasted_lines_show_behaviours_anger_and_the_customer(
    app, live_server, browser, screenshot, make_user
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select, WebDriverWait

    from trainer.roleplay import services
    from trainer.roleplay.scripted import play

    version = load_into_db("storm-parcel-delay")["storm-parcel-delay"]
    scenario = services.scenario_of(version)
    trainer = make_user("trainer")
    browser_login(browser, live_server, trainer.email)
    browser.get(f"{live_server}/authoring/scenarios/storm-parcel-delay/edit")
    wait = WebDriverWait(browser, 20)
    box = wait.until(ec.element_to_be_clickable((By.ID, "try-lines")))
    box.send_keys("\n".join(LINES))
    Select(browser.find_element(By.ID, "try-difficulty")).select_by_value("hard")
    browser.find_element(By.ID, "try-run").click()
    wait.until(ec.presence_of_element_located((By.ID, "try-result-body")))
    expected = play(scenario, LINES, seed=0, difficulty="hard")
    path = browser.find_element(By.ID, "try-anger-path").text
    assert path == " → ".join(str(e["anger"]) for e in expected.transcript)
    turns = browser.find_elements(By.CSS_SELECTOR, "#try-result .try-turn")
    assert len(turns) == len(expected.transcript) - 1 >= 1
    assert (expected.end_state is None) == (len(turns) == len(LINES))
    assert scenario.label_of("weather_excuse") in turns[0].text
    assert expected.transcript[1]["customer"] in turns[0].text
    assert browser.find_elements(By.CSS_SELECTOR, "#try-triggers .try-examples li")
    browser.execute_script("document.getElementById('try-box').scrollIntoView()")
    screenshot("01-try-it")
    # A broken scenario names the field instead of playing.
    area = browser.find_element(By.CSS_SELECTOR, 'textarea[data-document="scenario"]')
    browser.execute_script(
        "arguments[0].value = arguments[0].value.replace('turn_limit: 8', 'turn_limit: 0')", area
    )
    browser.find_element(By.ID, "try-run").click()
    wait.until(ec.visibility_of_element_located((By.ID, "try-error")))
    assert "turn_limit" in browser.find_element(By.ID, "try-error").text
