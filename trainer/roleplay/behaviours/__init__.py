"""What a candidate's reply *does*, by meaning: the behaviours the simulated customer reacts to.

:func:`detect` reads one reply against the scenario and the session so far and returns a
:class:`Detection`. Meaning matching goes through :mod:`trainer.grading.understanding`; this package only
decides what counts as what in a role-play. Its modules are layered, each importing only those below it:

- ``detection``: :func:`detect` and its :class:`Detection`, the facts asked for, one reading per clause;
- ``times``: the times a reply gives as its own estimate or commitment, and guarantees;
- ``case``: the words of the scenario's case, and its remedies in the policy's words;
- ``verdicts``: the built-in verdicts (stalling, rude, stepping out of the role) and their names;
- ``reading``: clauses, and matching by phrase or by meaning; it knows no scenario.
"""

from trainer.roleplay.behaviours.case import policy_examples
from trainer.roleplay.behaviours.detection import Detection, asks_for, close_politely, detect
from trainer.roleplay.behaviours.reading import mentions, sentence_of, short_clauses
from trainer.roleplay.behaviours.verdicts import BUILTIN_LABELS, builtin_label

__all__ = [
    "BUILTIN_LABELS",
    "Detection",
    "asks_for",
    "builtin_label",
    "close_politely",
    "detect",
    "mentions",
    "policy_examples",
    "sentence_of",
    "short_clauses",
]
