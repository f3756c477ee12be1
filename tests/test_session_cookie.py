"""Session cookies verified once per process: a cookie seen before still gets every check it got before."""

from __future__ import annotations

from datetime import timedelta

from flask import g

from trainer.auth.session_cookie import VerifiedCookieSessions


def _session_cookie(client) -> str:
    return client.get_cookie("session").value


def _status(client, path: str = "/") -> int:
    """The status of a GET as a new request sees it: the tests' app context keeps the last request's
    signed-in user on ``g``, which a real request never inherits."""
    g.pop("_login_user", None)
    return client.get(path).status_code


def test_a_signed_in_browser_stays_signed_in_across_requests(client, auth, make_user):
    user = make_user("candidate", name="小李")
    auth.login(user)
    for _ in range(3):
        assert "小李" in client.get("/").get_data(as_text=True)


def test_a_tampered_cookie_is_refused_after_the_genuine_one_was_seen(app, client, auth, make_user):
    auth.login(make_user())
    assert _status(client) == 200  # the genuine cookie is now known to this process
    genuine = _session_cookie(client)
    payload, signature = genuine.rsplit(".", 1)
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]  # the last character holds padding
    client.set_cookie("session", f"{payload}.{flipped}")
    assert _status(client) == 302  # back to the sign-in page
    client.set_cookie("session", genuine)
    assert _status(client) == 200


def test_a_cookie_signed_with_another_key_is_refused_even_if_known(app, client, auth, make_user):
    auth.login(make_user())
    assert _status(client) == 200
    app.config["SECRET_KEY"] = "a-new-secret"  # a rotated key without the old one as a fallback
    assert _status(client) == 302


def test_an_expired_cookie_is_refused_even_if_known(app, client, auth, make_user):
    auth.login(make_user())
    assert _status(client) == 200
    app.permanent_session_lifetime = timedelta(seconds=-1)  # every signature is now too old
    assert _status(client) == 302


def test_sign_out_takes_effect_and_an_old_cookie_is_judged_as_flask_judges_it(client, auth, make_user):
    user = make_user()
    auth.login(user)
    signed_in = _session_cookie(client)
    auth.logout()
    assert _status(client) == 302
    client.set_cookie("session", signed_in)  # the old cookie is still validly signed: Flask's own rule
    assert _status(client) == 200


def test_cookies_with_lists_are_decoded_every_time(app):
    sessions = VerifiedCookieSessions()
    serializer = sessions.get_signing_serializer(app)
    assert serializer is not None
    with_list = serializer.dumps({"_flashes": [("info", "好")], "_user_id": "1"})
    plain = serializer.dumps({"_user_id": "1"})
    with app.test_request_context(headers={"Cookie": f"session={with_list}"}):
        from flask import request

        first = sessions.open_session(app, request)
        assert first is not None
        first["_flashes"].clear()  # a request consuming its messages must not empty them for the next
    with app.test_request_context(headers={"Cookie": f"session={with_list}"}):
        second = sessions.open_session(app, request)
        assert second is not None and second["_flashes"] == [("info", "好")]
    with app.test_request_context(headers={"Cookie": f"session={plain}"}):
        one = sessions.open_session(app, request)
        assert one is not None
        one["_user_id"] = "2"
    with app.test_request_context(headers={"Cookie": f"session={plain}"}):
        again = sessions.open_session(app, request)
        assert again is not None and again["_user_id"] == "1"
