"""The console in a real browser: headless Chromium, driven through the pages a person uses.

interop/console/run.sh starts the server and sets IDEOGATE_CONSOLE_URL, IDEOGATE_ADMIN_TOKEN and
IDEOGATE_CODE. The tests run in file order and share one browser, like one person's visit:
sign up, redeem a code, create a key, make an image, then an operator changes a price.
Every page visited is saved as a screenshot under test-output/console/.
"""

import os
import re
import time
import uuid

import pytest

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

BASE = os.environ["IDEOGATE_CONSOLE_URL"].rstrip("/")
SHOTS = os.environ.get("SCREENSHOTS", "test-output/console")
EMAIL = f"ada-{uuid.uuid4().hex[:8]}@example.com"
PASSWORD = "correct horse battery"
state: dict = {}


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900"):
        options.add_argument(flag)
    service = Service(executable_path=os.environ.get("CHROMEDRIVER_BIN", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(options=options, service=service)
    driver.implicitly_wait(0)
    yield driver
    driver.quit()


def shot(driver, name):
    os.makedirs(SHOTS, exist_ok=True)
    driver.save_screenshot(os.path.join(SHOTS, f"{name}.png"))


def wait(driver, seconds=20):
    return WebDriverWait(driver, seconds)


def text(driver, css):
    return driver.find_element(By.CSS_SELECTOR, css).text


def go(driver, path):
    driver.get(BASE + path)


def test_sign_up_opens_an_empty_account(browser):
    go(browser, "/console")
    assert browser.current_url.endswith("/console/signin")
    shot(browser, "01-signin")
    browser.find_element(By.LINK_TEXT, "Create an account").click()
    browser.find_element(By.NAME, "email").send_keys(EMAIL)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(browser).until(EC.url_contains("/console/home"))
    assert "Welcome" in browser.page_source
    assert text(browser, "#balance") == "$0.00"
    assert EMAIL in text(browser, ".who")
    shot(browser, "02-home-new")


def test_session_cookie_is_http_only_and_lax(browser):
    cookie = browser.get_cookie("ideogate_session")
    assert cookie is not None
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Lax"
    # Scripts on the page cannot read it.
    assert "ideogate_session" not in browser.execute_script("return document.cookie")


def test_redeem_a_code(browser):
    go(browser, "/console/redeem")
    browser.find_element(By.NAME, "code").send_keys(os.environ["IDEOGATE_CODE"])
    browser.find_element(By.CSS_SELECTOR, "#redeem-form button").click()
    wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".notice")))
    assert "Redeemed $5.00" in text(browser, ".notice")
    assert text(browser, "#balance") == "$5.00"
    shot(browser, "03-redeemed")
    # The same code a second time is refused, on the page.
    browser.find_element(By.NAME, "code").send_keys(os.environ["IDEOGATE_CODE"])
    browser.find_element(By.CSS_SELECTOR, "#redeem-form button").click()
    wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".notice.error")))
    assert "already" in text(browser, ".notice.error").lower()


def test_create_a_key_shows_the_secret_once(browser):
    go(browser, "/console/keys")
    browser.find_element(By.NAME, "label").send_keys("website")
    browser.find_element(By.CSS_SELECTOR, "#create-key button[type=submit]").click()
    secret = wait(browser).until(EC.presence_of_element_located((By.ID, "new-secret"))).text
    assert re.fullmatch(r"sk-[0-9A-Za-z]{40}", secret), secret
    assert "shown once" in text(browser, "#new-key")
    shot(browser, "04-key-created")
    state["secret"] = secret
    go(browser, "/console/keys")
    assert browser.find_elements(By.ID, "new-secret") == []
    assert secret not in browser.page_source
    assert secret[:7] in text(browser, "table")
    shot(browser, "05-keys")


def test_api_page_fills_in_the_new_key(browser):
    go(browser, "/console/api")
    assert state["secret"] in text(browser, "#ex0")
    assert f"{BASE}/ideogram/v1/ideogram-v3/generate" in text(browser, "#ex0")
    shot(browser, "06-api")


def test_playground_generates_an_image_and_bills_it(browser):
    go(browser, "/console/playground")
    browser.find_element(By.ID, "prompt").send_keys("A lighthouse at dusk")
    browser.find_element(By.ID, "run").click()
    # The sandbox takes a moment (run.sh sets a delay): the page shows progress meanwhile.
    wait(browser, 5).until(EC.visibility_of_element_located((By.ID, "progress")))
    shot(browser, "07-playground-working")
    image = wait(browser, 60).until(EC.presence_of_element_located((By.CSS_SELECTOR, "img.result-image")))
    wait(browser).until(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image) > 0)
    assert browser.execute_script("return arguments[0].naturalWidth", image) > 0
    cost = wait(browser).until(EC.visibility_of_element_located((By.ID, "play-cost"))).text
    assert "Charged $0.03" in cost, cost  # one TURBO image at the list price
    assert text(browser, "#balance") == "$4.97"
    shot(browser, "08-playground-result")


def test_gallery_and_usage_show_the_image_and_its_price(browser):
    go(browser, "/console/gallery")
    tile = browser.find_element(By.CSS_SELECTOR, ".tile")
    assert "A lighthouse at dusk" in tile.text
    assert "$0.03/image" in tile.text and "seed" in tile.text
    img = tile.find_element(By.TAG_NAME, "img")
    wait(browser).until(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", img) > 0)
    shot(browser, "09-gallery")
    go(browser, "/console/usage")
    assert "v3.generate" in text(browser, "table.usage")
    assert "$0.03" in text(browser, "table.usage")
    shot(browser, "10-usage")
    go(browser, "/console/home")
    assert browser.find_elements(By.CSS_SELECTOR, "svg.chart rect.bar")
    shot(browser, "11-home-chart")


def test_customer_session_cannot_open_admin_pages(browser):
    go(browser, "/console/admin/prices")
    assert "admin_session_required" in browser.page_source


def test_operator_changes_a_price(browser):
    go(browser, "/console/admin/signin")
    shot(browser, "12-admin-signin")
    browser.find_element(By.NAME, "token").send_keys(os.environ["IDEOGATE_ADMIN_TOKEN"])
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(browser).until(EC.presence_of_element_located((By.ID, "overview")))
    # The live overview fills itself in from the usage log.
    wait(browser).until(lambda d: d.find_element(By.ID, "total-requests").text not in ("", "…"))
    assert int(text(browser, "#total-requests")) >= 1
    shot(browser, "13-admin-overview")
    go(browser, "/console/admin/prices")
    row = browser.find_element(By.ID, "price-v3-generate-TURBO")
    assert "$0.03" in row.find_element(By.CSS_SELECTOR, ".price").text
    field = row.find_element(By.NAME, "price")
    field.clear()
    field.send_keys("0.05")
    row.find_element(By.TAG_NAME, "button").click()
    wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".notice")))
    assert "now costs $0.05" in text(browser, ".notice")
    assert text(browser, "#price-v3-generate-TURBO .price") == "$0.05"
    shot(browser, "14-admin-prices")
    # The customer sees the new price in the playground at once.
    go(browser, "/console/playground")
    assert "Turbo — $0.05/image" in text(browser, "select[name=rendering_speed]")


def test_operator_pages_render(browser):
    for slug in ("accounts", "codes", "channels", "usage", "settings"):
        go(browser, f"/console/admin/{slug}")
        assert browser.find_elements(By.TAG_NAME, "h1"), slug
        shot(browser, f"15-admin-{slug}")
    go(browser, "/console/admin/channels")
    assert "sandbox" in text(browser, "table")
    go(browser, "/console/admin/usage")
    assert EMAIL in browser.page_source or "v3.generate" in text(browser, "table.usage")


def test_phone_layout(browser):
    browser.set_window_size(390, 844)
    try:
        go(browser, "/console/home")
        width = browser.execute_script("return document.documentElement.scrollWidth")
        assert width <= 400, f"the page scrolls sideways on a phone ({width}px)"
        shot(browser, "16-phone-home")
        go(browser, "/console/playground")
        shot(browser, "17-phone-playground")
    finally:
        browser.set_window_size(1280, 900)
