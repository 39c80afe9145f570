"""The HTTP service through FastAPI's TestClient: every endpoint, every error status, auth, the same contract."""

from __future__ import annotations

import re
import threading
import time

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from rolematch import api  # noqa: E402
from rolematch.render import extract_json, score_json  # noqa: E402
from rolematch.service import ServiceSettings, create_app  # noqa: E402

from conftest import SAMPLES  # noqa: E402

SAMPLE = SAMPLES / "data_scientist.txt"
TEXT = SAMPLE.read_text(encoding="utf-8")
PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app()) as c:
        yield c


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert set(body) == {"type", "title", "status", "detail"} and body["status"] == status
    assert "Traceback" not in response.text
    return body


def without_source(raw: str) -> str:
    """The response bytes with the `source` values blanked: the rest must be byte-identical to the CLI's."""
    return re.sub(r'"source": "[^"]*"', '"source": ""', raw)


def test_healthz(client):
    from rolematch import __version__

    assert client.get("/healthz").json() == {"status": "ok", "version": __version__,
                                             "skills_data_version": api.data_version()}


def test_roles(client):
    roles = client.get("/v1/roles").json()
    assert {r["id"] for r in roles} == {"data-scientist", "ml-engineer", "research-scientist", "data-engineer",
                                         "bi-analyst", "ml-developer", "nlp-scientist"}
    assert all(set(r) == {"id", "title", "summary"} for r in roles)
    assert client.get("/v1/roles/nlp-scientist").json()["title"] == "NLP Scientist"
    problem(client.get("/v1/roles/nope"), 404)


def test_score_is_the_cli_contract(client):
    expected = without_source(score_json(api.score_file(SAMPLE)))
    as_json = client.post("/v1/score", json={"text": TEXT})
    assert as_json.headers["content-type"] == "application/json"
    assert without_source(as_json.text) == expected
    uploaded = client.post("/v1/score", files={"file": ("resume.txt", SAMPLE.read_bytes(), "text/plain")})
    assert without_source(uploaded.text) == expected


def test_extract_is_the_cli_contract(client):
    expected = without_source(extract_json(api.extract_file(SAMPLE)))
    assert without_source(client.post("/v1/extract", json={"text": TEXT}).text) == expected


def test_roles_and_formats(client):
    scored = client.post("/v1/score?role=nlp-scientist&role=bi-analyst", json={"text": TEXT}).json()
    # best first, whatever the order asked in: the sample's Tableau, SQL and dashboards fit BI; it names no NLP
    assert [r["id"] for r in scored["roles"]] == ["bi-analyst", "nlp-scientist"]
    assert scored["roles"][0]["score"] > scored["roles"][1]["score"]
    html = client.post("/v1/score?format=html", json={"text": TEXT})
    assert html.headers["content-type"].startswith("text/html") and html.text.count('class="role"') == 7
    assert re.search(r"script-src 'sha256-[^']+'$", html.headers["content-security-policy"])  # its own script only
    assert html.headers["x-content-type-options"] == "nosniff" and html.headers["referrer-policy"] == "no-referrer"
    markdown = client.post("/v1/score?format=markdown&role=ml-engineer", json={"text": TEXT})
    assert markdown.text.startswith("# Role fit") and "Biggest wins for Machine Learning Engineer" in markdown.text
    problem(client.post("/v1/score?format=pdf", json={"text": TEXT}), 400)
    problem(client.post("/v1/score?role=nope", json={"text": TEXT}), 404)


def test_upload_page_and_docs_reference_no_other_host(client):
    page = client.get("/")
    assert page.status_code == 200 and 'name="file"' in page.text and 'name="role"' in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/docs/assets/swagger-ui-bundle.js" in docs.text
    bundle = client.get("/docs/assets/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and "SwaggerUIBundle" in bundle.text  # served from the installed package
    for text in (page.text, docs.text):
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", text)
    assert client.get("/openapi.json").json()["info"]["title"] == "rolematch"


def test_form_with_pasted_text_and_ticked_roles(client):
    response = client.post("/v1/score?format=html", data={"text": TEXT, "role": ["ml-engineer", "bi-analyst"]})
    assert response.status_code == 200 and response.text.count('class="role"') == 2
    assert 'id="role-ml-engineer"' in response.text and 'id="role-bi-analyst"' in response.text


BROWSER = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.mark.parametrize(("form", "status", "says"), [
    ({"data": {"text": "  "}}, 400, "send the resume as a file"),
    ({"files": {"file": ("resume.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "application/msword")}},
     415, "save as DOCX or PDF"),
    ({"files": {"file": ("resume.txt", b"", "text/plain")}}, 422, "empty"),
])
def test_a_mistake_on_the_upload_form_is_a_page_with_a_way_back(client, form, status, says):
    page = client.post("/v1/score?format=html", headers=BROWSER, **form)
    assert page.status_code == status and page.headers["content-type"].startswith("text/html")
    assert says in page.text and '<a href="/">' in page.text and "{" not in page.text.split("<main>")[1]
    assert "script-src" not in page.headers["content-security-policy"]
    problem(client.post("/v1/score?format=html", **form), status)  # an API client still gets problem+json


def test_the_report_page_links_back_and_offers_a_download(client):
    page = client.post("/v1/score?format=html", headers=BROWSER, data={"text": TEXT})
    assert page.status_code == 200
    assert '<a href="/">Score another resume</a>' in page.text and 'id="download-report"' in page.text
    script = re.search(r"<script>(.*?)</script>", page.text, re.S).group(1)
    import base64
    import hashlib

    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in page.headers["content-security-policy"]


@pytest.mark.parametrize(("kwargs", "status"), [
    ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 400),
    ({"json": {"txt": "x"}}, 400),
    ({"json": ["a list"]}, 400),
    ({"data": {"other": "x"}}, 400),
    ({"content": b"plain", "headers": {"content-type": "text/plain"}}, 415),
    ({"json": {"text": "   "}}, 422),
    ({"files": {"file": ("resume.txt", b"", "text/plain")}}, 422),
    ({"files": {"file": ("resume.txt", b"\x00\x01\x02binary", "text/plain")}}, 422),
    ({"files": {"file": ("resume.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "application/msword")}}, 415),
])
def test_bad_requests(client, kwargs, status):
    for path in ("/v1/score", "/v1/extract"):
        problem(client.post(path, **kwargs), status)


def test_limits_give_413():
    with TestClient(create_app(ServiceSettings(max_upload_bytes=2000, max_text_chars=500))) as c:
        problem(c.post("/v1/score", json={"text": "Python " * 200}), 413)
        problem(c.post("/v1/score", files={"file": ("big.txt", b"Python " * 2000, "text/plain")}), 413)

        def chunks():  # no Content-Length: the limit is checked as the body streams in
            for _ in range(100):
                yield b"x" * 1000

        problem(c.post("/v1/score", content=chunks(), headers={"content-type": "application/json"}), 413)


LONG_CHARS = 3_000_000  # the text limit raised for it: tens of seconds of work on any machine


def _long_resume() -> str:
    from helpers import big_resume

    return big_resume(LONG_CHARS - 10_000)


def test_overload_gives_503_at_once():
    long = _long_resume()  # it holds the one place in flight meanwhile
    with TestClient(create_app(ServiceSettings(max_in_flight=1, timeout=3, max_text_chars=LONG_CHARS))) as c:
        first = []
        thread = threading.Thread(target=lambda: first.append(c.post("/v1/extract", json={"text": long})))
        thread.start()
        time.sleep(0.5)
        started = time.perf_counter()
        busy = c.post("/v1/extract", json={"text": TEXT})
        assert time.perf_counter() - started < 2
        problem(busy, 503)
        assert busy.headers["retry-after"] == "1"
        thread.join()
        problem(first[0], 503)
        assert c.post("/v1/extract", json={"text": TEXT}).status_code == 200  # its place is free again


def test_timeout_gives_503_at_the_limit():
    long = _long_resume()
    with TestClient(create_app(ServiceSettings(timeout=0.5, max_text_chars=LONG_CHARS))) as c:
        started = time.perf_counter()
        body = problem(c.post("/v1/extract", json={"text": long}), 503)
        assert time.perf_counter() - started < 0.5 + 1.5
        assert body["detail"] == "the resume took longer than 0.5 s"
        assert c.post("/v1/extract", json={"text": TEXT}).status_code == 200  # a new worker took the killed one's place


def test_healthz_and_a_normal_resume_are_served_while_hostile_uploads_are_read():
    """Two uploads that take many seconds each are read in worker processes: the event loop goes on answering."""
    long = _long_resume().encode()
    with TestClient(create_app(ServiceSettings(timeout=4, max_text_chars=LONG_CHARS))) as c:
        hostile = []

        def send(name):
            hostile.append(c.post("/v1/score", files={"file": (name, long, "text/plain")}))

        threads = [threading.Thread(target=send, args=(f"long{i}.txt",)) for i in range(2)]
        for thread in threads:
            thread.start()
        time.sleep(1)
        for _ in range(3):
            started = time.perf_counter()
            assert c.get("/healthz").status_code == 200
            assert time.perf_counter() - started < 1
            time.sleep(0.2)
        normal = c.post("/v1/score", files={"file": ("resume.txt", SAMPLE.read_bytes(), "text/plain")})
        assert normal.status_code == 200 and normal.json()["roles"][0]["id"] == "data-scientist"
        assert not hostile  # they were still being read
        for thread in threads:
            thread.join()
    assert [problem(r, 503)["detail"] for r in hostile] == ["the resume took longer than 4 s"] * 2


def test_an_upload_that_needs_too_much_memory_is_422():
    from helpers import forked_baseline_mb, many_empty_elements

    limit = forked_baseline_mb() + 25
    with TestClient(create_app(ServiceSettings(max_memory_mb=limit))) as c:
        page = many_empty_elements(1_300_000)
        body = problem(c.post("/v1/score", files={"file": ("elements.html", page, "text/html")}), 422)
        assert body["detail"] == f"reading it took over {limit:,} MiB of memory, the limit for one resume (is it a resume?)"
        assert c.post("/v1/score", json={"text": TEXT}).status_code == 200


@pytest.mark.parametrize(("body", "status"), [
    (b'{"text": "Python \\ud800 and SQL"}', 200),  # a lone surrogate, which JSON allows: read as "?"
    (b"[" * 100_000 + b"]" * 100_000, 400),  # nested 100,000 deep
    (b'{"text": ' * 50_000 + b'"x"' + b"}" * 50_000, 400),
    (b'{"text": "\\x00"}', 400),
])
def test_malformed_json_is_a_problem_never_a_500(client, body, status):
    response = client.post("/v1/extract", content=body, headers={"content-type": "application/json"})
    if status == 200:
        assert response.status_code == 200 and {"python", "sql"} <= {s["id"] for s in response.json()["skills"]}
    else:
        problem(response, status)


def test_a_chunked_upload_over_the_default_limit_is_413(client):
    def chunks():  # no Content-Length: 11 MB as it streams in
        yield b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.txt\"\r\n\r\n"
        for _ in range(11 * 16):
            yield b"Python, SQL " * 5461 + b"\n"
        yield b"\r\n--b--\r\n"

    problem(client.post("/v1/score", content=chunks(), headers={"content-type": "multipart/form-data; boundary=b"}),
            413)


def test_api_key():
    with TestClient(create_app(ServiceSettings(api_key="s3cret-key"))) as c:
        assert c.get("/healthz").status_code == 200
        problem(c.get("/v1/roles"), 401)
        problem(c.get("/v1/roles", headers={"Authorization": "Bearer wrong"}), 401)
        problem(c.get("/", headers={"Authorization": "Basic s3cret-key"}), 401)
        roles = c.get("/v1/roles", headers={"Authorization": "Bearer s3cret-key"})
        assert roles.status_code == 200 and len(roles.json()) == 7
        scored = c.post("/v1/score", json={"text": TEXT}, headers={"Authorization": "Bearer s3cret-key"})
        assert scored.status_code == 200 and scored.json()["roles"][0]["id"] == "data-scientist"


def test_logs_carry_no_resume_content(client, caplog):
    caplog.set_level("INFO", logger="rolematch.service")
    client.post("/v1/score?role=ml-engineer", files={"file": ("Priya_Raghavan_CV.txt", SAMPLE.read_bytes(), "text/plain")})
    lines = [r.getMessage() for r in caplog.records if r.name == "rolematch.service"]
    assert lines and lines[-1].startswith("POST /v1/score 200 ")
    logged = "\n".join(lines)
    assert "Priya" not in logged and "Raghavan" not in logged and "ml-engineer" not in logged


def test_serve_refuses_a_public_address_without_a_key():
    from click.testing import CliRunner

    from rolematch.cli import cli

    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"], env={"ROLEMATCH_API_KEY": ""})
    assert result.exit_code == 1 and "--api-key-file" in result.stderr


def _uploads():
    import docgen
    from helpers import html_page

    return {"resume.pdf": docgen.resume_pdf(TEXT), "resume.docx": docgen.resume_docx(TEXT),
            "profile.html": html_page(TEXT), "resume.md": TEXT.encode("utf-8"), "resume.txt": TEXT.encode("utf-16")}


@pytest.mark.parametrize("name", ["resume.pdf", "resume.docx", "profile.html", "resume.md", "resume.txt"])
def test_every_supported_format_uploads(client, name):
    data = _uploads()[name]
    response = client.post("/v1/extract", files={"file": (name, data, "application/octet-stream")})
    assert response.status_code == 200, response.text
    from helpers import SAMPLE_SKILLS  # read off the sample by hand

    assert {s["id"] for s in response.json()["skills"]} >= SAMPLE_SKILLS


def _hostile():
    from helpers import CLI_ERRORS

    return [(name, make, kind) for name, make, kind, _ in CLI_ERRORS if make is not None]


@pytest.mark.parametrize(("name", "make", "kind"), _hostile(), ids=[f"{k}:{n}" for n, _, k in _hostile()])
def test_every_hostile_fixture_gets_its_status(name, make, kind):
    status = {"unsupported": 415, "too-large": 413, "too-long": 413}.get(kind, 422)
    with TestClient(create_app(ServiceSettings(max_upload_bytes=10 * 1024 * 1024))) as c:
        body = problem(c.post("/v1/score", files={"file": (name, make(), "application/octet-stream")}), status)
    assert "\n" not in body["detail"] and "Traceback" not in body["detail"]


def test_no_cors_headers_by_default(client):
    response = client.get("/v1/roles", headers={"Origin": "https://evil.example"})
    assert response.status_code == 200 and len(response.json()) == 7
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options("/v1/score", headers={"Origin": "https://evil.example",
                                                     "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in preflight.headers


def test_serve_without_its_extra_says_how_to_install_it(monkeypatch):
    import sys

    from click.testing import CliRunner

    from rolematch.cli import cli

    monkeypatch.setitem(sys.modules, "uvicorn", None)  # as if rolematch[serve] were not installed
    result = CliRunner().invoke(cli, ["serve"])
    assert result.exit_code == 1
    assert result.stderr.strip() == 'Error: the service needs its extra: pip install "rolematch[serve]"'


def test_uploads_stay_in_memory(client, monkeypatch):
    """A resume is never written to disk, however large within the upload limit: starlette would spool a file
    over 1 MB to a temporary file."""
    from tempfile import SpooledTemporaryFile

    def no_disk(self, *args, **kwargs):
        raise AssertionError("an upload was spooled to disk")

    monkeypatch.setattr(SpooledTemporaryFile, "rollover", no_disk)
    large = TEXT + ("Project notes: " + "x" * 70 + "\n") * 40_000  # 3.4 MB in lines of a resume's length
    with TestClient(create_app(ServiceSettings(max_text_chars=5_000_000, timeout=600))) as big:  # 3.4 MB: long
        response = big.post("/v1/extract", files={"file": ("resume.txt", large.encode(), "text/plain")})
    assert response.status_code == 200, response.text
    assert {"python", "sql"} <= {hit["id"] for hit in response.json()["skills"]}
    many = {"file": ("resume.txt", SAMPLE.read_bytes(), "text/plain"),
            **{f"role{i}": (None, "x") for i in range(150)}}
    problem(client.post("/v1/score", files=many), 400)  # more form fields than the upload page ever sends
