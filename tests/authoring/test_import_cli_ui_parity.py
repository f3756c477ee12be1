"""The CLI and the upload page give the same result for the same file: same questions, drafts, warnings."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from trainer.bank.models import Question, Rubric, Scenario
from trainer.extensions import db

PAPERS = Path(__file__).resolve().parents[1] / "bank" / "papers"
SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples" / "import"
FILES = sorted(p for p in PAPERS.iterdir() if p.suffix in (".txt", ".md", ".docx")) + sorted(
    SAMPLES.glob("*.txt")
)


def _staged(auth, staging: Path, path: Path) -> tuple[str, dict]:
    response = auth.post(
        "/authoring/import",
        {"file": (io.BytesIO(path.read_bytes()), path.name)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    token = response.headers["Location"].rstrip("/").rsplit("/", 1)[1]
    return response.headers["Location"], json.loads((staging / f"{token}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_cli_json_and_upload_preview_find_the_same(path, runner, auth, make_user, staging):
    result = runner.invoke(args=["bank", "import", str(path), "--json", "--dry-run"])
    assert result.exit_code == 0, result.output
    cli = json.loads(result.stdout)
    auth.login(make_user("trainer"))
    _url, staged = _staged(auth, staging, path)
    assert len(staged["rows"]) == len(cli["questions"]) > 0
    for row, q in zip(staged["rows"], cli["questions"], strict=True):
        bank = row["question"]
        assert (row["position"], bank["type"], bank["points"], bank["status"]) == (
            q["position"],
            q["type"],
            q["points"],
            q["status"],
        )
        assert bank.get("answer") == q["answer"] and bank.get("options") == q["options"]
        assert (row["rubric_draft"], row["scenario_draft"]) == (q["rubric_draft"], q["scenario_draft"])
        cli_codes = [w["code"] for w in cli["warnings"] if w["position"] == q["position"]]
        assert [w["code"] for w in row["warnings"]] == cli_codes
    assert [(s["line"], s["reason"]) for s in staged["skipped"]] == [
        (s["line"], s["reason"]) for s in cli["skipped"]
    ]


def test_a_paper_written_by_the_cli_is_unchanged_when_imported_again_through_the_page(
    runner, client, auth, make_user, staging
):
    path = PAPERS / "roleplay_quotes.txt"
    written = runner.invoke(args=["bank", "import", str(path), "--accept-drafts"])
    assert written.exit_code == 0, written.output
    before = {
        q.uid: (q.current.number, q.status, q.current.data) for q in db.session.scalars(select(Question))
    }
    scenarios = {s.uid: s.current.number for s in db.session.scalars(select(Scenario))}
    assert len(scenarios) == 2 and sum(status == "published" for _, status, _ in before.values()) == 2

    auth.login(make_user("trainer"))
    url, staged = _staged(auth, staging, path)
    ticks = {f"use_scenario_{r['position']}": "1" for r in staged["rows"] if r["scenario_draft"]}
    page = auth.post(url, {"action": "import", **ticks})
    assert page.status_code == 200, page.get_data(as_text=True)[:2000]
    assert page.get_data(as_text=True).count("<td>未变化</td>") == len(before)  # every row: "unchanged"
    db.session.expire_all()
    after = {
        q.uid: (q.current.number, q.status, q.current.data) for q in db.session.scalars(select(Question))
    }
    assert after == before
    assert {s.uid: s.current.number for s in db.session.scalars(select(Scenario))} == scenarios
    assert db.session.scalar(select(Rubric)) is None  # this paper drafts scenarios only
