"""The HTML report in a real browser: Debian's Chromium driven by Playwright.

Layout at a desktop and a phone width (no sideways scrolling), no console errors, no request
leaving the file, the charts' text alternatives, and an A4 print of a sensible length.

Needs /usr/bin/chromium (`apt-get install chromium`) and the `playwright` package from the dev extra;
Playwright's own browser download is never used. Without them the tests skip, unless
ROLEMATCH_REQUIRE_BROWSER=1 (as .ci/run sets it), when they fail.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from rolematch.cli import cli

from conftest import SAMPLES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SAMPLE = str(SAMPLES / "data_scientist.txt")
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
ROLE_IDS = {"data-scientist", "ml-engineer", "research-scientist", "data-engineer", "bi-analyst", "ml-developer",
            "nlp-scientist"}
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}
MISSING = "Chromium not installed: apt-get install chromium (CI does)"


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("ROLEMATCH_REQUIRE_BROWSER") == "1":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        _skip_or_fail(MISSING)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None:
        _skip_or_fail(MISSING)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    result = CliRunner().invoke(cli, ["score", SAMPLE, "--format", "html", "-o", str(out), "--as-of", "2026-11-01"])
    assert result.exit_code == 0, (result.output, result.exception)
    assert out.is_file() and out.stat().st_size > 0
    return out


class Visit:
    """One page in a fresh context, recording console errors, page errors and every request it makes."""

    def __init__(self, browser, url: str, viewport: dict | None = None):
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.context = browser.new_context(viewport=viewport) if viewport else browser.new_context()
        # Nothing may leave the file; abort anything that tries so a stray URL fails fast instead of hanging.
        self.context.route(lambda u: not u.startswith(("file:", "data:")), lambda route: route.abort())
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text} @ {m.location}"))
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(url, wait_until="load")

    def foreign_requests(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(("file:", "data:"))]

    def close(self) -> None:
        self.context.close()


# Elements sticking out past the right edge of the viewport, to name the culprit when the page scrolls sideways.
OVERFLOWING = """() => {
  const w = window.innerWidth, out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > w + 0.5) {
      const id = el.id ? '#' + el.id : '', cls = el.classList.length ? '.' + [...el.classList].join('.') : '';
      out.push(`${el.tagName.toLowerCase()}${id}${cls} right=${Math.round(r.right)}`);
    }
  }
  return out.slice(0, 10);
}"""


@pytest.mark.parametrize("viewport", list(VIEWPORTS), ids=list(VIEWPORTS))
def test_report_in_the_browser(browser, report, viewport):
    from playwright.sync_api import expect

    size = VIEWPORTS[viewport]
    visit = Visit(browser, report.as_uri(), size)
    try:
        page = visit.page
        assert page.evaluate("window.innerWidth") == size["width"]

        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= page.evaluate("window.innerWidth"), (
            f"page scrolls sideways at {size['width']}px (scrollWidth {scroll_width}); "
            f"sticking out: {page.evaluate(OVERFLOWING)}")

        assert page.locator("main").count() == 1
        assert page.locator("header h1").count() >= 1

        glance = page.locator("section#at-a-glance svg[role=img] >> visible=true")
        assert glance.count() == 1, "no visible svg[role=img] chart in section#at-a-glance"
        # chart labels stay readable: at phone width the narrow chart (labels above the bars) is shown
        label = glance.first.locator(".chart-label").first.bounding_box()
        assert label["height"] >= 11, f"chart labels drawn {label['height']:.1f} px high"
        expect(glance.first).to_have_accessible_name(re.compile(r"\w"), timeout=2000)  # <title> or aria-label

        roles = page.locator("section.role")
        assert roles.count() == len(ROLE_IDS)
        assert set(roles.evaluate_all("els => els.map(e => e.id)")) == {f"role-{r}" for r in ROLE_IDS}
        # Every role section sits in a <details>, the best three open.
        assert page.locator("details section.role").count() == len(ROLE_IDS)
        assert page.locator("details[open] section.role").count() == 3
        for i in range(roles.count()):
            role = roles.nth(i)
            assert role.locator("svg[role=img]").count() >= 1, role.get_attribute("id")
            assert role.locator("table th").count() >= 1, role.get_attribute("id")

        for section in ("career-path", "biggest-wins", "how-scored"):
            assert page.locator(f"section#{section}").count() == 1, section

        assert visit.foreign_requests() == []
        assert visit.requests and visit.requests[0].startswith("file:")
        assert visit.errors == []
    finally:
        visit.close()


def _screenshot(page, name: str, tmp_path: Path) -> None:
    """Page one as a PNG; with ROLEMATCH_SCREENSHOTS=DIR (make screenshots) kept in DIR for the README."""
    target = Path(os.environ.get("ROLEMATCH_SCREENSHOTS") or tmp_path) / name
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target))
    assert target.read_bytes().startswith(b"\x89PNG")


def test_screenshots_of_the_report_and_the_cohort_page(browser, report, cohort, tmp_path):
    for path, name in ((report, "report.png"), (cohort, "cohort.png")):
        visit = Visit(browser, path.as_uri(), {"width": 1100, "height": 1400})
        try:
            _screenshot(visit.page, name, tmp_path)
            assert visit.errors == []
        finally:
            visit.close()


def _print_a4(browser, path: Path):
    from pypdf import PdfReader

    visit = Visit(browser, path.as_uri())
    try:
        pdf = visit.page.pdf(format="A4", print_background=True)
        assert visit.foreign_requests() == []
        assert visit.errors == []
    finally:
        visit.close()
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    # A4 portrait is 595 x 842 pt; Chromium rounds it to whole hundredths of an inch (595.92 x 842.88).
    assert abs(width - 595) < 2 and abs(height - 842) < 2, (width, height)
    return reader


# Words a person reads as one (headings, skill names) that the layout split over two lines.
BROKEN_WORDS = """() => {
  const broken = [];
  for (const el of document.querySelectorAll('th, .role-title, summary, h2, h3')) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        const rects = [...range.getClientRects()].filter(r => r.width > 0);
        if (rects.length > 1 && new Set(rects.map(r => Math.round(r.top))).size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("viewport", list(VIEWPORTS), ids=list(VIEWPORTS))
def test_no_word_is_broken_in_the_middle(browser, report, viewport):
    visit = Visit(browser, report.as_uri(), VIEWPORTS[viewport])
    try:
        visit.page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        assert visit.page.evaluate(BROKEN_WORDS) == []
    finally:
        visit.close()


def test_report_prints_to_a4(browser, report):
    reader = _print_a4(browser, report)
    pages = len(reader.pages)
    assert 2 <= pages <= 6, f"{pages} A4 pages"
    first = reader.pages[0].extract_text()
    assert "your summary" in first and "action plan" in first and "Role by role" not in first  # page one: the handout


@pytest.mark.parametrize("sample", ["data_scientist.txt", "hr_executive.txt"])
def test_the_handout_prints_on_at_most_two_pages(browser, sample, tmp_path):
    out = tmp_path / "handout.html"
    result = CliRunner().invoke(cli, ["score", str(SAMPLES / sample), "--format", "html", "--summary", "-o", str(out),
                                      "--as-of", "2026-11-01"])
    assert result.exit_code == 0, result.output
    assert len(_print_a4(browser, out).pages) <= 2


def test_an_off_track_report_stays_short(browser, tmp_path):
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["score", str(SAMPLES / "hr_executive.txt"), "--format", "html", "-o", str(out),
                                      "--as-of", "2026-11-01"])
    assert result.exit_code == 0, result.output
    assert len(_print_a4(browser, out).pages) <= 4


@pytest.fixture(scope="module")
def cohort(tmp_path_factory) -> Path:
    from rolematch.batch import BatchOptions, score_folder

    folder = tmp_path_factory.mktemp("cohort")
    for group, sample in zip(("cse", "mba"), sorted(SAMPLES.glob("*.txt"))):  # two departments
        (folder / group).mkdir()
        (folder / group / sample.name).write_bytes(sample.read_bytes())
    (folder / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path_factory.mktemp("cohort-out")
    score_folder(folder, out, workers=1, options=BatchOptions(as_of="2026-11-01"))
    return out / "index.html"


@pytest.mark.parametrize("viewport", list(VIEWPORTS), ids=list(VIEWPORTS))
def test_cohort_overview_in_the_browser(browser, cohort, viewport):
    from playwright.sync_api import expect

    size = VIEWPORTS[viewport]
    visit = Visit(browser, cohort.as_uri(), size)
    try:
        page = visit.page
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= size["width"], f"scrolls sideways: {page.evaluate(OVERFLOWING)}"
        assert page.locator("main").count() == 1
        charts = page.locator("svg[role=img] >> visible=true")
        assert charts.count() >= 2
        expect(charts.first).to_have_accessible_name(re.compile(r"\w"), timeout=2000)
        rows = page.locator("table.sortable tbody tr")
        assert rows.count() == 2
        column = page.locator("table.sortable thead th").all_inner_texts().index("Data Scientist")
        scores = lambda: rows.evaluate_all(f"rs => rs.map(r => parseFloat(r.cells[{column}].textContent))")  # noqa: E731
        page.get_by_role("button", name="Data Scientist").click()
        assert scores() == sorted(scores())
        page.get_by_role("button", name="Data Scientist").click()
        assert scores() == sorted(scores(), reverse=True)
        assert page.locator("th[aria-sort=descending]").count() == 1
        # the filter box, shown by the page's own script (allowed by its CSP hash), narrows the table
        page.get_by_label("Filter:").fill("priya")
        assert rows.evaluate_all("rs => rs.filter(r => !r.hidden).length") == 1
        page.get_by_label("Filter:").fill("")
        assert page.locator("section.cohort-group").count() == 2  # each department has its own chart
        assert "empty.txt" in page.locator("section#not-scored").inner_text()
        # every report link opens a report
        href = page.locator("table.sortable a").first.get_attribute("href")
        assert (cohort.parent / href).is_file()
        assert visit.foreign_requests() == [] and visit.errors == []
    finally:
        visit.close()


@pytest.fixture(scope="module")
def service():
    """The real service on a free loopback port, in a thread of this process."""
    pytest.importorskip("uvicorn")
    import socket

    import uvicorn

    from rolematch.service import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning"))
    thread = __import__("threading").Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(600):  # the pipeline loads at start-up: seconds on a busy machine
        if server.started:
            break
        __import__("time").sleep(0.1)
    assert server.started, "the service did not start within 60 s"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


class ServicePage:
    """A page of the running service in a fresh context: console errors, and requests to any other host (aborted)."""

    def __init__(self, browser, service: str, viewport: dict | None = None):
        self.context = browser.new_context(viewport=viewport) if viewport else browser.new_context()
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.context.route(lambda u: not u.startswith((service, "data:", "blob:")),
                           lambda route: (self.foreign.append(route.request.url), route.abort()))
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.context.close()


def test_upload_page_gives_the_report(browser, service):
    with ServicePage(browser, service, VIEWPORTS["phone"]) as visit:
        page = visit.page
        page.goto(service + "/")
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]
        page.get_by_label("A file").set_input_files(SAMPLE)
        page.get_by_role("button", name="Show my gap report").click()
        page.wait_for_selector("section#summary")
        assert page.locator("section.role").count() == len(ROLE_IDS)
        assert "Role fit and gap report" in page.locator("h1").inner_text()
        # the page's own script (allowed by its CSP hash) makes the download link; the way back is a plain link
        download = page.get_by_role("link", name="Download this report")
        assert download.is_visible() and download.get_attribute("href").startswith("blob:")
        page.get_by_role("link", name="Score another resume").click()
        page.wait_for_selector("form.upload")
        assert visit.errors == [] and visit.foreign == []


def test_a_mistake_on_the_upload_form_is_a_page_with_a_way_back(browser, service):
    with ServicePage(browser, service) as visit:
        page = visit.page
        page.goto(service + "/")
        page.get_by_role("button", name="Show my gap report").click()  # neither a file nor text
        page.wait_for_selector("p[role=alert]")
        assert "send the resume" in page.locator("p[role=alert]").inner_text()
        page.get_by_role("link", name="Back to the upload page").click()
        page.wait_for_selector("form.upload")
        assert visit.foreign == []


def test_the_api_docs_render_every_operation_offline(browser, service):
    """Swagger UI reads the OpenAPI 3.1 schema from this service alone, under the page's CSP."""
    import json
    import urllib.request

    with urllib.request.urlopen(service + "/openapi.json") as answer:
        schema = json.load(answer)
    operations = sum(len(methods) for methods in schema["paths"].values())
    with ServicePage(browser, service) as visit:
        page = visit.page
        page.goto(service + "/docs")
        page.wait_for_selector(".opblock", timeout=15000)
        assert page.locator(".opblock").count() == operations >= 5
        assert "Unable to render" not in page.inner_text("body")
        assert visit.errors == [] and visit.foreign == []
