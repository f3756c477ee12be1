"""What the exams area announces to the others. Exams imports no other area that listens.

``free_text_submitted`` is sent after a submission commits, with ``response_ids``: the free-text responses
that wait for a rubric engine. The grading area connects to it when it starts.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

free_text_submitted = _signals.signal("free-text-submitted")
