"""Admins manage accounts through the page: create, change a role, disable; changes are audited."""

from __future__ import annotations

import re

from sqlalchemy import select

from trainer.audit.models import AuditEntry
from trainer.auth.services import authenticate, find_user
from trainer.extensions import db


def test_admin_creates_an_account_that_can_sign_in(client, auth, make_user):
    auth.login(make_user("admin"))
    page = auth.post(
        "/admin/users", {"email": "New.Trainer@Example.com", "name": "周老师", "role": "trainer"}
    )
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    password = re.search(r'id="one-time-password"[^>]*>([^<]+)<', page.get_data(as_text=True)).group(1)
    user = authenticate("new.trainer@example.com", password)
    assert user is not None and user.role == "trainer" and user.name == "周老师"
    listing = client.get("/admin/users").get_data(as_text=True)
    assert "new.trainer@example.com" in listing
    assert password not in listing  # shown once, not carried to the next page in a flash


def test_role_change_and_disabling_are_audited_and_take_effect(client, auth, make_user):
    admin = make_user("admin")
    target = make_user("candidate")
    auth.login(admin)
    response = auth.post(f"/admin/users/{target.id}", {"role": "hr"})  # checkbox absent: disabled
    assert response.status_code == 302
    db.session.expire_all()
    user = find_user(target.email)
    assert user.role == "hr" and not user.is_active_account
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.update"))
    assert entry.before == {"role": "candidate", "active": True}
    assert entry.after == {"role": "hr", "active": False}
    assert entry.actor_id == admin.id


def test_admin_cannot_lock_themselves_out(client, auth, make_user):
    admin = make_user("admin")
    auth.login(admin)
    auth.post(f"/admin/users/{admin.id}", {"role": "candidate", "active": "y"})
    db.session.expire_all()
    assert find_user(admin.email).role == "admin"
