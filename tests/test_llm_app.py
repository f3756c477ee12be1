"""The app's shared LLM client: absent without settings, and every call it makes is logged."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.support.scripted_llm import Reply
from trainer import create_app
from trainer.config import TestingConfig
from trainer.extensions import db
from trainer.llm import LLMRequestRejected
from trainer.llm.models import LLMCall


def test_no_llm_settings_means_no_client_and_an_offline_notice(app, client, auth, make_user):
    assert app.extensions["llm"] is None
    auth.login(make_user())
    assert "未配置大模型" in client.get("/").get_data(as_text=True)


def test_calls_are_recorded_with_latency_and_tokens(database_url, scripted_llm):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "LLM_BASE_URL": scripted_llm.base_url,
            "LLM_MODEL": "grader-test",
            "LLM_TIMEOUT": 2,
        },
        config=TestingConfig(),
    )
    with app.app_context():
        db.create_all()
        try:
            client = app.extensions["llm"]
            scripted_llm.push(Reply.json({"ok": True}, usage=(120, 8)), Reply.status(400))
            reply = client.chat_json(
                [{"role": "user", "content": "Answer in JSON."}], {"type": "object"}, purpose="grading"
            )
            assert reply.data == {"ok": True}
            with pytest.raises(LLMRequestRejected):
                client.chat_json(
                    [{"role": "user", "content": "JSON"}], {"type": "object"}, purpose="roleplay"
                )
            calls = db.session.scalars(select(LLMCall).order_by(LLMCall.id)).all()
            assert [(c.purpose, c.ok) for c in calls] == [("grading", True), ("roleplay", False)]
            assert calls[0].prompt_tokens == 120 and calls[0].completion_tokens == 8
            assert calls[0].latency_ms >= 0 and calls[0].model == "grader-test"
        finally:
            db.session.remove()
            if db.engine.dialect.name != "sqlite":
                db.drop_all()
            db.engine.dispose()
