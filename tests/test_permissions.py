"""Every registered route × every role (and anonymous): who gets in and who is turned away.

ACCESS lists each endpoint with the roles allowed in. A route missing from ACCESS fails the test, so a
new route cannot ship without a decision about who may use it. "public" means anyone, signed in or not.
Admins hold every role. Objects in the URL are ids that do not exist: an allowed role may get 404 but
never 401/403, and a refused role gets 403 (401 or a redirect to sign-in when anonymous).
"""

from __future__ import annotations

import pytest

from trainer import create_app
from trainer.config import TestingConfig

PUBLIC = "public"
ANY = ("candidate", "trainer", "hr")  # any signed-in user
STAFF = ("trainer", "hr")
TRAINER = ("trainer",)
ADMIN = ("admin",)

ACCESS: dict[str, object] = {
    # foundation
    "static": PUBLIC,
    "auth.login": PUBLIC,
    "auth.logout": PUBLIC,
    "auth.set_language": PUBLIC,
    "main.healthz": PUBLIC,
    "main.index": ANY,
    "admin.users": ADMIN,
    "admin.update_user": ADMIN,
    "admin.reset_user_password": ADMIN,
    "auth.password": ANY,
    "bank.index": STAFF,
    "bank.question": STAFF,
    # exams
    "exams.my_exams": ANY,
    "exams.start": ANY,
    "exams.take": ANY,
    "exams.save": ANY,
    "exams.check": ANY,
    "exams.integrity": ANY,
    "exams.submit": ANY,
    "exams.result": ANY,
    "exams.manage": TRAINER,
    "exams.new": TRAINER,
    "exams.edit": TRAINER,
    "exams.picker_questions": TRAINER,
    "exams.picker_pool": TRAINER,
    "exams.preview_exam": TRAINER,
    # grading and review
    "grading.attempt_status": ANY,
    "grading.jobs": ADMIN,
    "review.queue": STAFF,
    "review.response": STAFF,
    "review.confirm": STAFF,
    "review.override": STAFF,
    "review.release": STAFF,
    "review.regrade": STAFF,
    "review.accept_regrade": STAFF,
    "review.dashboard": STAFF,
    "review.exam": STAFF,
    "review.candidate": STAFF,
    "review.compare": STAFF,
    "review.export_csv": STAFF,
    "review.export_xlsx": STAFF,
    "review.report": STAFF,
    "review.calibration": TRAINER,
    "review.attempt": STAFF,
    "review.exam_grading": STAFF,
    "review.grade_question": STAFF,
    # people
    "people.cohorts": STAFF,
    "people.cohort": STAFF,
    "people.add_members": STAFF,
    "people.remove_member": STAFF,
    "people.assign": STAFF,
    "people.unassign": STAFF,
    "people.import_accounts": ("hr",),
    # role-play
    "roleplay.index": ANY,
    "roleplay.scenario_detail": STAFF,
    "roleplay.prepare": ANY,
    "roleplay.start": ANY,
    "roleplay.retry": ANY,  # the session's owner (object check)
    "roleplay.play": ANY,  # the session's owner (object check)
    "roleplay.say": ANY,
    "roleplay.reply": ANY,
    "roleplay.session_view": ANY,  # the owner and staff (object check)
    "roleplay.play_response": ("candidate",),  # the attempt's owner (object check)
    "roleplay.prepare_response": ("candidate",),  # the attempt's owner (object check)
    # authoring and import
    "bank.diff": STAFF,
    "authoring.new_question": TRAINER,
    "authoring.edit_question": TRAINER,
    "authoring.markdown_preview": TRAINER,
    "authoring.rubrics": TRAINER,
    "authoring.new_rubric": TRAINER,
    "authoring.edit_rubric": TRAINER,
    "authoring.rubric_preview": TRAINER,
    "authoring.rubric_download": TRAINER,
    "authoring.scenarios": TRAINER,
    "authoring.new_scenario": TRAINER,
    "authoring.edit_scenario": TRAINER,
    "authoring.scenario_preview": TRAINER,
    "authoring.scenario_try": TRAINER,
    "authoring.import_paper": TRAINER,
    "authoring.import_preview": TRAINER,
    "authoring.import_commit": TRAINER,
    "authoring.import_draft_editor": TRAINER,
    "authoring.exchange_upload": TRAINER,
    "authoring.export_questions": TRAINER,
}

ROLES = ("candidate", "trainer", "hr", "admin")


def _endpoints() -> list[tuple[str, str, str]]:
    app = create_app(config=TestingConfig())
    rows = []
    for rule in app.url_map.iter_rules():
        args = {}
        for name, conv in rule._converters.items():  # noqa: SLF001 - the map is what we test
            args[name] = 987654 if type(conv).__name__ in ("IntegerConverter", "NumberConverter") else "nope"
        path = rule.build(args)[1] if rule.arguments else rule.rule
        method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"HEAD", "OPTIONS"})[0]
        rows.append((rule.endpoint, path, method))
    return sorted(rows)


ENDPOINTS = _endpoints()


def test_every_route_has_an_access_decision():
    missing = sorted({e for e, _, _ in ENDPOINTS} - set(ACCESS))
    assert not missing, f"routes with no entry in ACCESS: {missing}"


@pytest.mark.parametrize("role", (None, *ROLES))
@pytest.mark.parametrize(("endpoint", "path", "method"), ENDPOINTS, ids=[f"{e}:{m}" for e, _, m in ENDPOINTS])
def test_route_access(app, client, auth, make_user, endpoint, path, method, role):
    allowed = ACCESS.get(endpoint)
    if allowed is None:
        pytest.skip("no decision recorded (see test_every_route_has_an_access_decision)")
    if endpoint == "static":
        path = "/static/css/app.css"
    if role is not None:
        auth.login(make_user(role))
    headers = {"X-CSRFToken": auth.csrf_token("/" if role else "/login")} if method != "GET" else {}
    response = client.open(path, method=method, headers=headers)
    response.close()
    if allowed == PUBLIC:
        assert response.status_code not in (401, 403), response.status_code
        return
    if role is None:
        if response.status_code == 302:
            assert "/login" in response.headers["Location"]
        else:
            assert response.status_code == 401
        return
    if role == "admin" or role in allowed:  # type: ignore[operator]
        assert response.status_code not in (401, 403), f"{role} refused at {path}"
        if response.status_code == 302:
            assert "/login" not in response.headers["Location"]
    else:
        assert response.status_code == 403, f"{role} got {response.status_code} at {path}"
