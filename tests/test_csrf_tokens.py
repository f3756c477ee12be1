"""CSRF tokens on pages are signed once per session and process, and still tie a request to its session."""

from __future__ import annotations

from flask import g

from tests.support.web import CSRF_META


def _token(client, path: str = "/") -> str:
    g.pop("_login_user", None)  # a request's own user and token, as outside the tests' shared app context
    g.pop("csrf_token", None)
    match = CSRF_META.search(client.get(path).get_data(as_text=True))
    assert match
    return match.group(1)


def test_a_sessions_token_is_stable_and_accepted(client, auth, make_user):
    auth.login(make_user())
    first, second = _token(client), _token(client)
    assert first == second
    response = client.post("/language/en", data={"csrf_token": first, "next": "/"})
    assert response.status_code == 302


def test_another_browsers_token_is_refused(app, client, auth, make_user):
    from tests.conftest import AuthActions

    user = make_user()
    auth.login(user)
    mine = _token(client)
    other_client = app.test_client()
    g.pop("_login_user", None)
    g.pop("csrf_token", None)
    AuthActions(other_client).login(user)
    theirs = _token(other_client)
    assert theirs != mine
    g.pop("csrf_token", None)
    refused = client.post("/language/en", data={"csrf_token": theirs, "next": "/"})
    assert refused.status_code == 400
    g.pop("csrf_token", None)
    json_refused = client.post(
        "/language/en", json={}, headers={"X-CSRFToken": theirs, "Accept": "application/json"}
    )
    assert json_refused.status_code == 400 and json_refused.json["error"] == "csrf"
    g.pop("csrf_token", None)
    assert client.post("/language/en", json={}, headers={"X-CSRFToken": mine}).status_code == 302
