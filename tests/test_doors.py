"""One pipeline behind every door: pasted text (the Python API and the service's JSON), stdin, an uploaded file, a
file on disk and a file in a batch give the same JSON for the same content, however awkward its characters."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import AS_OF

from rolematch import api
from rolematch.batch import BatchOptions, score_folder
from rolematch.cli import cli

fastapi = pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from rolematch.service import create_app  # noqa: E402

RESUME = "Priya Raghavan\nData Scientist at Acme Labs, Jan 2020 - Present\nB.Tech in Computer Science, 2019\n"

# (what is awkward, the text, skills that must be found through every door)
TRICKY = [
    ("soft hyphen and no-break space", RESUME + "Skills: Tab\u00adleau, Apache\u00a0Spark\n", {"tableau", "spark"}),
    ("zero-width marks", RESUME + "Skills: Py\u200bthon, S\u2060QL, Pan\u200ddas\n", {"python", "sql"}),
    ("Windows newlines", (RESUME + "Skills: Python, SQL\nTools: Tableau\n").replace("\n", "\r\n"),
     {"python", "sql", "tableau"}),
    ("old Mac newlines", (RESUME + "Skills: Python\nTools: Tableau\n").replace("\n", "\r"), {"python", "tableau"}),
    ("ligatures", RESUME + "Pro\ufb01cient in Apache Spark; wrote work\ufb02ows in Air\ufb02ow\n", {"spark", "airflow"}),
    ("a byte-order mark", "\ufeff" + RESUME + "Skills: Python, Tableau\n", {"python", "tableau"}),
    ("odd spaces and a line separator", RESUME + "Skills:\u2003Python,\u202fSQL\u2028Tools: Tableau\n",
     {"python", "sql", "tableau"}),
    ("HTML pasted as text", "<!doctype html><p>Priya Raghavan</p><p>Skills: Python, Tableau</p>", {"python", "tableau"}),
]
OPTIONS = api.Options(as_of=AS_OF)
NAME = "resume.txt"


def same_source(document: str) -> str:
    """The JSON with its source named alike: each door names the resume its own way ("<stdin>", "<text>", a path)."""
    data = json.loads(document)
    data["source"] = NAME
    if "profile" in data:
        data["profile"]["source"] = NAME
    return json.dumps(data, ensure_ascii=False)


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app()) as c:
        yield c


def doors(text: str, tmp_path, client, command: str) -> dict[str, str]:
    """The JSON of `command` ("extract" or "score") for `text` through every door."""
    data = text.encode("utf-8")
    path = tmp_path / NAME
    path.write_bytes(data)
    runner = CliRunner()
    as_of = ["--as-of", AS_OF.isoformat()]
    on_disk = runner.invoke(cli, [command, str(path), "--format", "json", *as_of])
    on_stdin = runner.invoke(cli, [command, "-", "--format", "json", *as_of], input=data)
    assert on_disk.exit_code == on_stdin.exit_code == 0, on_disk.stderr + on_stdin.stderr
    query = {"as_of": AS_OF.isoformat()}
    uploaded = client.post(f"/v1/{command}", files={"file": (NAME, data, "text/plain")}, params=query)
    pasted_json = client.post(f"/v1/{command}", json={"text": text}, params=query)
    source = api.Source.from_text(text, NAME)
    found = {
        "pasted into the API": api.render(api.extract(source, OPTIONS) if command == "extract"
                                          else api.score(source, OPTIONS), OPTIONS),
        "file on disk": on_disk.stdout.strip(),
        "stdin": on_stdin.stdout.strip(),
        "uploaded file": uploaded.text,
        "pasted into the service": pasted_json.text,
    }
    if command == "extract":
        folder = tmp_path / "in"
        folder.mkdir()
        (folder / NAME).write_bytes(data)
        score_folder(folder, tmp_path / "out", workers=1, options=BatchOptions(as_of=AS_OF.isoformat(), html=False))
        found["file in a batch"] = (tmp_path / "out" / "profiles.jsonl").read_text(encoding="utf-8").strip()
    return {door: same_source(document) for door, document in found.items()}


@pytest.mark.parametrize(("what", "text", "skills"), TRICKY, ids=[t[0] for t in TRICKY])
def test_every_door_gives_the_same_extract(what, text, skills, tmp_path, client):
    found = doors(text, tmp_path, client, "extract")
    assert len(found) == 6
    reference = found["file on disk"]
    assert {door: document for door, document in found.items() if document != reference} == {}
    assert skills <= {hit["id"] for hit in json.loads(reference)["skills"]}


@pytest.mark.parametrize(("what", "text", "skills"), TRICKY[:3], ids=[t[0] for t in TRICKY[:3]])
def test_every_door_gives_the_same_score(what, text, skills, tmp_path, client):
    found = doors(text, tmp_path, client, "score")
    reference = found["file on disk"]
    assert {door: document for door, document in found.items() if document != reference} == {}
    roles = json.loads(reference)["roles"]
    assert len(roles) == 7 and roles[0]["score"] > 0


def test_the_issue_case_finds_tableau_and_spark_in_pasted_text():
    profile = api.extract_text("Tab\u00adleau, Apache\u00a0Spark", as_of=AS_OF)
    assert [hit.id for hit in profile.skills] == ["tableau", "spark"]
    assert profile.text == "Tableau, Apache Spark"
