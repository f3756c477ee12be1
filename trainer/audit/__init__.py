"""Audit trail for score overrides, rubric edits and other changes people must be able to trace."""

from __future__ import annotations

from typing import Any

from trainer.audit.models import AuditEntry
from trainer.extensions import db


def record(
    action: str,
    target_type: str,
    target_id: str | int,
    *,
    actor_id: int | None,
    before: Any = None,
    after: Any = None,
    reason: str = "",
) -> AuditEntry:
    """Add an audit entry to the current transaction (the caller commits)."""
    entry = AuditEntry(
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        actor_id=actor_id,
        before=before,
        after=after,
        reason=reason,
    )
    db.session.add(entry)
    return entry
