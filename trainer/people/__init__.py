"""People: cohorts (班级/团队) with their members and assignments, and bulk import of accounts."""
