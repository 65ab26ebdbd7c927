"""The clerk's page in a real browser: headless Chromium (Debian's ``chromium`` + ``chromium-driver``)
driven through Selenium, against a real ``xxgk-lint serve`` process.

Chromium is installed with apt-get when it is missing and the tests run as root (set
``XXGK_LINT_NO_APT=1`` to forbid that); otherwise the tests are skipped with a message saying what
is missing.  Screenshots are saved to ``.test-artifacts/`` (or ``$XXGK_LINT_TEST_ARTIFACTS``).
"""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest

selenium = pytest.importorskip("selenium", reason="selenium is not installed (pip install -e '.[test]')")
pytest.importorskip("starlette", reason="the serve extra is not installed (pip install -e '.[serve]')")

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

pytestmark = pytest.mark.integration

ROOT = pathlib.Path(__file__).resolve().parent.parent
ARTIFACTS = pathlib.Path(os.environ.get("XXGK_LINT_TEST_ARTIFACTS") or ROOT / ".test-artifacts")
CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
DRIVER = ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1400,1000",
]


def _first(paths) -> str | None:
    return next((p for p in paths if os.path.exists(p)), None)


def _install() -> str:
    """Install chromium, its driver and a CJK font with apt-get; the reason it could not, or ""."""
    if os.environ.get("XXGK_LINT_NO_APT"):
        return "XXGK_LINT_NO_APT is set"
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "not root, so apt-get cannot install them"
    if shutil.which("apt-get") is None:
        return "there is no apt-get"
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    try:
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, capture_output=True, timeout=600)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "chromium", "chromium-driver", "fonts-wqy-microhei"],
            check=True,
            env=env,
            capture_output=True,
            timeout=1200,
        )
    except (subprocess.SubprocessError, OSError) as exc:
        return f"apt-get failed: {exc}"
    return ""


@pytest.fixture(scope="session")
def chromium():
    browser, driver = _first(CHROMIUM), _first(DRIVER)
    if browser is None or driver is None:
        why = _install()
        browser, driver = _first(CHROMIUM), _first(DRIVER)
        if browser is None or driver is None:
            pytest.skip(
                f"headless Chromium tests skipped: chromium and chromium-driver are missing ({why or 'not found after apt-get'})"
            )
    return browser, driver


@pytest.fixture
def downloads(tmp_path):
    d = tmp_path / "downloads"
    d.mkdir()
    return d


@pytest.fixture
def browser(chromium, tmp_path, downloads):
    binary, driver_path = chromium
    opts = webdriver.ChromeOptions()
    opts.binary_location = binary
    for flag in FLAGS:
        opts.add_argument(flag)
    opts.add_argument(f"--user-data-dir={tmp_path / 'profile'}")
    opts.add_experimental_option(
        "prefs",
        {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
            "safebrowsing.enabled": False,
        },
    )
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        drv = webdriver.Chrome(service=Service(executable_path=driver_path), options=opts)
    except Exception as exc:  # a broken browser install: say so rather than fail every test
        pytest.skip(f"headless Chromium could not start: {type(exc).__name__}: {str(exc).splitlines()[0]}")
    drv.set_page_load_timeout(60)
    try:
        drv.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    except Exception:
        pass
    yield drv
    drv.quit()


@pytest.fixture
def served(tmp_path):
    """A real ``xxgk-lint serve --port 0 --no-browser`` in a directory of its own; its address."""
    cwd = tmp_path / "srv"
    cwd.mkdir()
    tmpdir = tmp_path / "srv-tmp"
    tmpdir.mkdir()
    env = dict(os.environ, TMPDIR=str(tmpdir), PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "xxgk_lint", "serve", "--port", "0", "--no-browser"],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline()
    if "http://127.0.0.1:" not in line:
        proc.kill()
        pytest.fail(f"serve did not print its address: {line!r} {proc.stderr.read()}")
    url = re.search(r"http://127\.0\.0\.1:\d+/", line).group(0)
    yield url
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("serve did not stop on SIGTERM")
    assert not list(tmpdir.iterdir()), "the upload directory was not removed on exit"


def faulty_docx(path: pathlib.Path) -> pathlib.Path:
    """A 2021 report as .docx: eight blank 科研机构 cells, a typo in a table label, a heading ending in 。"""
    from xxgk_lint.synth import SyntheticReport, render

    rep = SyntheticReport(edition="2021", year=2023, seed=3, agency="某县农业农村局")
    for row in rep.template.table("t3").row_ids[:8]:
        rep.set("t3", row, "research", "")
    rep.relabel("行政规范性文件", "行政规范姓文件")
    rep.relabel("六、其他需要报告的事项", "六、其他需要报告的事项。")
    path.write_bytes(render(rep, "docx"))
    return path


def console_errors(drv) -> list[str]:
    return [e["message"] for e in drv.get_log("browser") if e.get("level") == "SEVERE"]


def upload(drv, url: str, path: pathlib.Path) -> None:
    drv.get(url)
    drv.find_element(By.ID, "file").send_keys(str(path))
    drv.find_element(By.CSS_SELECTOR, "#upload button[type=submit]").click()
    WebDriverWait(drv, 60).until(EC.presence_of_element_located((By.CSS_SELECTOR, "section.report")))


def card(drv, rule: str):
    return drv.find_element(By.CSS_SELECTOR, f"li.finding[data-rule='{rule}']")


def marks_of(drv, card_id: str):
    return [
        m for m in drv.find_elements(By.CSS_SELECTOR, "mark.hl") if card_id in (m.get_attribute("data-f") or "").split()
    ]


def save_shot(drv, name: str) -> pathlib.Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    out = ARTIFACTS / name
    drv.save_screenshot(str(out))
    assert out.stat().st_size > 10_000
    return out


def test_home_page_loads_without_console_errors(browser, served):
    browser.get(served)
    assert browser.find_element(By.ID, "file").get_attribute("type") == "file"
    assert console_errors(browser) == []


def test_the_static_html_report_loads_without_console_errors(browser, tmp_path):
    from xxgk_lint import output
    from xxgk_lint.output import html
    from xxgk_lint.registry import load_rules
    from xxgk_lint.runner import Linter, Settings

    results = [Linter(Settings()).lint_file(str(faulty_docx(tmp_path / f"{k}.docx"))) for k in ("a", "b")]
    page = tmp_path / "page.html"
    page.write_text(html.render(results, output.Context(rules=load_rules(), files=2)), encoding="utf-8")
    browser.get(page.as_uri())
    assert browser.find_element(By.CSS_SELECTOR, "table.overview").is_displayed()
    assert browser.find_element(By.CSS_SELECTOR, "svg.chart").size["height"] > 20
    # the filters hide and show cards
    browser.find_element(By.CSS_SELECTOR, "input.f-sev[value='warning']").click()
    assert not any(c.is_displayed() for c in browser.find_elements(By.CSS_SELECTOR, "li.finding.sev-warning"))
    browser.find_element(By.CSS_SELECTOR, "input.f-sev[value='warning']").click()
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element(By.ID, "f-rule")).select_by_value("T206")
    shown = [
        c.get_attribute("data-rule") for c in browser.find_elements(By.CSS_SELECTOR, "li.finding") if c.is_displayed()
    ]
    assert shown == ["T206", "T206"]
    assert console_errors(browser) == []


def test_upload_highlight_fix_and_download(browser, served, tmp_path, downloads):
    import docx

    src = faulty_docx(tmp_path / "草稿.docx")
    upload(browser, served, src)
    assert console_errors(browser) == []

    # the blank cells: eight marks, each inside an empty cell of one column, on the rows of the eight labels
    t204 = card(browser, "T204")
    assert "共 8 处" in t204.text
    marks = marks_of(browser, t204.get_attribute("id"))
    assert len(marks) == 8
    cols, labels = set(), []
    for m in marks:
        td = m.find_element(By.XPATH, "./ancestor::td[1]")
        assert td.text.strip() == "" and "hl-cell" in td.get_attribute("class")
        cols.add(td.get_attribute("data-col"))
        box, cell = m.rect, td.rect  # laid out inside its cell, not somewhere else on the page
        assert cell["x"] <= box["x"] + 1 and box["x"] + box["width"] <= cell["x"] + cell["width"] + 1
        assert cell["y"] <= box["y"] + 1 and box["y"] + box["height"] <= cell["y"] + cell["height"] + 1
        labels.append(td.find_element(By.XPATH, "./ancestor::tr[1]").text)
    assert len(cols) == 1
    assert "本年新收政府信息公开申请数量" in labels[0] and "上年结转政府信息公开申请数量" in labels[1]
    assert "保护第三方合法权益" in labels[7]

    # the label typo: on the label cell itself; the heading: on the heading's paragraph
    typo = marks_of(browser, card(browser, "T206").get_attribute("id"))
    assert [m.text for m in typo] == ["行政规范姓文件"]
    assert typo[0].find_element(By.XPATH, "./ancestor::td[1]").get_attribute("data-col") == "0"
    heading = marks_of(browser, card(browser, "S103").get_attribute("id"))
    assert len(heading) == 1 and heading[0].text.endswith("。")
    assert heading[0].find_element(By.XPATH, "..").get_attribute("class") == "para"

    # clicking a card shows its place
    card(browser, "T206").click()
    assert browser.switch_to.active_element.get_attribute("id") == typo[0].get_attribute("id")

    shot = save_shot(browser, "annotated-report.png")
    assert shot.exists()

    # tick the unsafe fix too (the safe ones are ticked already), apply, get the fixed .docx
    unsafe = t204.find_element(By.CSS_SELECTOR, "input[name=fix]")
    assert not unsafe.is_selected()
    browser.execute_script("arguments[0].scrollIntoView({block:'center'})", unsafe)
    unsafe.click()
    assert all(b.is_selected() for b in browser.find_elements(By.CSS_SELECTOR, "input[name=fix]"))
    button = browser.find_element(By.ID, "fix-btn-0")
    browser.execute_script("arguments[0].scrollIntoView({block:'center'})", button)
    button.click()
    deadline = time.time() + 60
    got = []
    while time.time() < deadline:
        got = [p for p in downloads.iterdir() if p.suffix == ".docx"]
        if got and not list(downloads.glob("*.crdownload")):
            break
        time.sleep(0.2)
    assert [p.name for p in got] == ["草稿-fixed.docx"]
    fixed = docx.Document(str(got[0]))  # python-docx opens it
    assert fixed.tables
    from xxgk_lint.runner import Linter, Settings

    after = Linter(Settings()).lint_file(str(got[0]))
    assert not [d for d in after.diagnostics if d.code in ("T204", "T206", "S103")]
    assert console_errors(browser) == []


def test_keyboard_navigation(browser, served, tmp_path):
    upload(browser, served, faulty_docx(tmp_path / "k.docx"))
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys("j")
    first = browser.switch_to.active_element
    assert "finding" in first.get_attribute("class")
    first_id = first.get_attribute("id")
    first.send_keys("j")
    second = browser.switch_to.active_element
    assert "finding" in second.get_attribute("class") and second.get_attribute("id") != first_id
    second.send_keys("k")
    assert browser.switch_to.active_element.get_attribute("id") == first_id
    # Enter goes to the finding's place in the report, Escape back to the finding
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    mark = browser.switch_to.active_element
    assert mark.tag_name == "mark" and first_id in mark.get_attribute("data-f").split()
    mark.send_keys(Keys.ESCAPE)
    assert browser.switch_to.active_element.get_attribute("id") == first_id
    # Tab reaches the controls: the file chooser first, then the filters, then the report
    from selenium.webdriver.common.action_chains import ActionChains

    browser.get(browser.current_url)
    seen = []
    for _ in range(12):  # real key presses (send_keys on a file input would type a file name)
        ActionChains(browser).send_keys(Keys.TAB).perform()
        el = browser.switch_to.active_element
        seen.append((el.tag_name, el.get_attribute("type") or el.get_attribute("class") or ""))
    assert ("input", "file") in seen and ("input", "checkbox") in seen and ("select", "select-one") in seen
    assert console_errors(browser) == []


def test_readable_at_200_percent_zoom(browser, served, tmp_path):
    upload(browser, served, faulty_docx(tmp_path / "z.docx"))
    # a 1280 x 900 screen at 200 %: 640 CSS pixels wide, two device pixels each
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 640, "height": 900, "deviceScaleFactor": 2, "mobile": False}
    )
    try:
        browser.get(browser.current_url)
        metrics = browser.execute_script("""
            var d = document.documentElement, out = {scroll: d.scrollWidth, client: d.clientWidth, small: [], clipped: []};
            document.querySelectorAll('.finding p, .finding li, .para, h1, h2, label, button').forEach(function(el){
              var size = parseFloat(getComputedStyle(el).fontSize);
              if (size < 12) { out.small.push(el.tagName + ' ' + size); }
              if (el.scrollWidth > el.clientWidth + 2 && getComputedStyle(el).overflowX === 'hidden') { out.clipped.push(el.textContent.slice(0, 30)); }
            });
            var cols = getComputedStyle(document.querySelector('.cols')).gridTemplateColumns.split(' ').length;
            out.cols = cols;
            return out;""")
        assert metrics["scroll"] <= metrics["client"] + 1, "the page scrolls sideways at 200 %"
        assert metrics["small"] == [] and metrics["clipped"] == []
        assert metrics["cols"] == 1  # the findings move below the report instead of squeezing it
        msg = card(browser, "T204").find_element(By.CSS_SELECTOR, ".msg")
        assert msg.is_displayed() and msg.size["width"] <= 640
        save_shot(browser, "annotated-report-200pct.png")
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_a_dropped_file_is_checked(browser, served):
    from xxgk_lint.rules.common import example_report

    text = example_report("2021").replace("行政规范性文件", "行政规范姓文件", 1)
    browser.get(served)
    browser.execute_script(
        """
        var dt = new DataTransfer();
        dt.items.add(new File([arguments[0]], '拖入的报告.txt', {type: 'text/plain'}));
        var drop = document.getElementById('drop');
        drop.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true, cancelable: true}));
        drop.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));""",
        text,
    )
    WebDriverWait(browser, 60).until(EC.presence_of_element_located((By.CSS_SELECTOR, "section.report")))
    assert browser.find_element(By.CSS_SELECTOR, "section.report h2").text == "拖入的报告.txt"
    assert [m.text for m in marks_of(browser, card(browser, "T206").get_attribute("id"))] == ["行政规范姓文件"]
    assert console_errors(browser) == []
