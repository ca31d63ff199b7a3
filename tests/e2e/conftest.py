"""Browser tests: Debian's Chromium driven by Playwright against Django's live server."""

import os

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls made by
# the test itself (setting up data, checking results) are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            # all browser tests in one xdist worker: one Chromium at a time on two cores
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A desktop-sized page in a fresh browser context (no cookies)."""
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_page(browser):
    """A phone-sized page (390×844, touch) in a fresh browser context."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="en-GB")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def log_in(page, live_server, username, password=None):
    """Sign in through the real log-in form."""
    from tests.hospital.factories import TEST_PASSWORD

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password or TEST_PASSWORD)
    page.click("#login-submit")
    page.wait_for_load_state("networkidle")
