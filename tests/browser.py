"""Headless Chromium (Debian's chromium + chromium-driver) driven by selenium, for the HTML report.

Under CI=true a missing browser fails the tests that need it (.ci/run installs it); elsewhere they are
skipped with a line saying how to install it.
"""

from __future__ import annotations

import json
import os
import shutil

import pytest

CHROMIUM = os.environ.get("SRMSCAN_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("SRMSCAN_CHROMEDRIVER", "/usr/bin/chromedriver")
# Chromium's own background traffic (component updates, sync, field trials) is switched off, so that
# every request the browser logs is one the page made.
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--window-size=1400,1000")


def chromium(tmp_path):
    """A started selenium driver, logging the browser console and the network (CDP performance log)."""
    if not (os.path.exists(CHROMIUM) and shutil.which(CHROMEDRIVER)):
        message = "headless Chromium is not installed: apt-get install chromium chromium-driver"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI must run the browser tests; .ci/run installs it)")
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'chromium-profile'}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def console_errors(driver) -> list[dict]:
    return [entry for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]


def requested_urls(driver) -> list[str]:
    """Every URL the page asked for since the last call (document, scripts, images, fetches...)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls
