"""The service's job postings: a `job` part beside the resume on /v1/score, /v1/roles/from-job, the upload page."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from rolematch import api  # noqa: E402
from rolematch.service import create_app  # noqa: E402

from conftest import AS_OF  # noqa: E402

POSTINGS = Path(__file__).resolve().parent / "fixtures" / "postings"
POSTING = (POSTINGS / "ds_fintech.txt").read_bytes()
RESUME = (POSTINGS / "resumes" / "data_scientist.txt").read_bytes()


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app()) as c:
        yield c


def test_score_with_a_posting_file_is_the_cli_result(client):
    response = client.post("/v1/score?only_jobs=1&as_of=2026-11-01",
                           files={"file": ("resume.txt", RESUME, "text/plain"),
                                  "job": ("ds_fintech.txt", POSTING, "text/plain")})
    assert response.status_code == 200, response.text
    roles = response.json()["roles"]
    options = api.Options(as_of=AS_OF, only_jobs=True, jobs=(api.Source.from_bytes("ds_fintech.txt", POSTING),))
    expected = json.loads(api.render(api.score(api.Source.from_bytes("resume.txt", RESUME), options)))["roles"]
    assert roles == expected and roles[0]["posting"]["source"] == "ds_fintech.txt"


def test_score_with_pasted_posting_beside_the_shipped_roles(client):
    response = client.post("/v1/score", data={"text": RESUME.decode(), "job_text": POSTING.decode()})
    assert response.status_code == 200, response.text
    ids = [r["id"] for r in response.json()["roles"]]
    assert "job-senior-data-scientist" in ids and "data-scientist" in ids


def test_score_with_a_posting_in_json_as_html(client):
    response = client.post("/v1/score?format=html&only_jobs=1", json={"text": RESUME.decode(),
                                                                       "job": POSTING.decode()})
    assert response.status_code == 200, response.text
    assert "Requirements of the posting" in response.text


def test_only_jobs_without_a_posting_is_a_bad_request(client):
    response = client.post("/v1/score?only_jobs=1", json={"text": RESUME.decode()})
    assert response.status_code == 400 and "job posting" in response.json()["detail"]


def test_an_empty_posting_is_the_resume_error(client):
    posting = client.post("/v1/roles/from-job", files={"file": ("empty.txt", b"  \n", "text/plain")})
    resume = client.post("/v1/score", files={"file": ("empty.txt", b"  \n", "text/plain")})
    assert posting.status_code == resume.status_code == 422, posting.text
    assert posting.json() == resume.json() and "empty" in posting.json()["detail"]


def test_a_posting_beside_the_resume_that_cannot_be_read_is_an_error(client):
    response = client.post("/v1/score", files={"file": ("resume.txt", RESUME, "text/plain"),
                                               "job": ("job.txt", b"We are a friendly company.", "text/plain")})
    assert response.status_code == 422 and "no requirement" in response.json()["detail"]


def test_from_job_returns_the_role_and_its_file(client):
    response = client.post("/v1/roles/from-job", files={"file": ("ds_fintech.txt", POSTING, "text/plain")})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["role"]["id"] == "job-senior-data-scientist"
    assert body["role"]["posting"]["min_years"] == 4
    assert tomllib.loads(body["toml"])["id"] == "job-senior-data-scientist"


def test_the_upload_page_has_a_box_for_a_posting(client):
    page = client.get("/").text
    assert 'name="job"' in page and 'name="job_text"' in page
