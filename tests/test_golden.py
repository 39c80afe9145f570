"""Golden files pin the JSON contract; rewrite them with `pytest --update-golden` after a deliberate change."""

from __future__ import annotations

import json

from rolematch import api
from rolematch.render import extract_json, score_json

from conftest import AS_OF, GOLDEN, SAMPLES


def check(name: str, actual: str, update: bool) -> None:
    path = GOLDEN / name
    pretty = json.dumps(json.loads(actual), indent=2, ensure_ascii=False) + "\n"
    if update:
        path.write_text(pretty, encoding="utf-8")
    assert pretty == path.read_text(encoding="utf-8"), f"{name} changed: run pytest --update-golden if intended"


def test_score_json_golden(update_golden):
    result = api.score_file(SAMPLES / "data_scientist.txt", as_of=AS_OF)
    check("data_scientist.score.json", score_json(result).replace(str(SAMPLES), "samples"), update_golden)


def test_extract_json_golden(update_golden):
    profile = api.extract_file(SAMPLES / "data_scientist.txt", as_of=AS_OF)
    check("data_scientist.extract.json", extract_json(profile).replace(str(SAMPLES), "samples"), update_golden)
