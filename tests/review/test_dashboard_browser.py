"""HR's dashboard in headless Chromium: the trend and criterion charts drawn by the local ECharts file."""

from __future__ import annotations

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from tests.review.conftest import GOOD, WEAK
from tests.support.web import browser_login
from trainer.grading.queue import submit_for_grading

pytestmark = pytest.mark.browser


def test_dashboard_trends_render_with_the_local_echarts(world, make_user, live_server, browser, screenshot):
    w = world(answers=[GOOD, WEAK])
    submit_for_grading([r.id for a in w.attempts for r in a.responses])
    hr = make_user("hr")
    browser_login(browser, live_server, hr.email)
    browser.get(f"{live_server}/review/dashboard")
    WebDriverWait(browser, 20).until(
        lambda d: d.execute_script("return document.querySelectorAll('[data-rendered]').length") >= 2
    )
    assert browser.execute_script("return typeof window.echarts") == "object"
    sources = browser.execute_script("return [...document.scripts].map(s => s.src).filter(Boolean)")
    assert any(
        s.startswith(live_server) and s.endswith("/static/vendor/echarts/echarts.min.js") for s in sources
    )
    assert all(s.startswith(live_server) for s in sources)  # nothing from a CDN
    canvases = browser.execute_script("return document.querySelectorAll('#trend-0 canvas').length")
    assert canvases >= 1
    shot = screenshot("hr-dashboard-trends")
    assert shot.stat().st_size > 5000
