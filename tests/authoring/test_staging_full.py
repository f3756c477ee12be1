"""Disk full on import staging, simulated with a size-limited staging folder: a clear error, nothing
written (no staged file, no temporary file, no question)."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from trainer.bank.models import Question
from trainer.extensions import db


def test_an_upload_with_no_room_to_stage_is_refused_and_writes_nothing(
    app, client, auth, make_user, samples, staging
):
    app.config["IMPORT_STAGING_MAX_BYTES"] = 64  # far smaller than any staged paper
    auth.login(make_user("trainer"))
    body = (samples / "paper_objective_zh.txt").read_bytes()
    refused = auth.post(
        "/authoring/import",
        {"file": (io.BytesIO(body), "paper_objective_zh.txt")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 400
    assert "服务器暂时没有空间保存这次上传" in refused.get_data(as_text=True)
    assert list(staging.iterdir()) == []  # neither the staged file nor its temporary file
    assert db.session.scalar(select(func.count()).select_from(Question)) == 0

    app.config["IMPORT_STAGING_MAX_BYTES"] = None  # room again: the same upload goes through
    again = auth.post(
        "/authoring/import",
        {"file": (io.BytesIO(body), "paper_objective_zh.txt")},
        content_type="multipart/form-data",
    )
    assert again.status_code == 302 and len(list(staging.glob("*.json"))) == 1
