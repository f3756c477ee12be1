"""How gunicorn serves the app: ``gunicorn -c python:trainer.serving app:app`` (run.sh does).

The app is imported once, in the master (``preload_app``), and the understanding layer's tables with it
(the word segmenter's dictionary, the thesauri, the embedding: about a second and a hundred megabytes),
before the first worker is forked. Every worker then holds them from its start, shared copy-on-write with
the others, and no worker's first scoring or role-play request waits for them.

What start-up loaded is then frozen out of garbage collection (:func:`gc.freeze`), as Python's manual
advises for a process that forks without exec: a collection in a worker would otherwise walk those
millions of objects, write to each and so copy every page they sit in into that worker, and a full
collection over them costs one reply about 50 ms. The collector stays off from here until the freeze,
so that no collection in the master leaves holes in those pages for the workers to fill.

Only the served app does this: an app built in a test, the development server and ``flask worker`` load
the tables on first use.
"""

from __future__ import annotations

import gc
from typing import Any

preload_app = True

gc.disable()  # until when_ready has frozen what start-up made


def when_ready(server: Any) -> None:
    """In the master, once the app is loaded and before the first worker is forked."""
    from trainer.grading import understanding

    took = understanding.preload()
    gc.freeze()
    gc.enable()
    server.log.info(
        "Understanding layer loaded before forking the workers (%s); %d objects kept out of garbage collection",
        ", ".join(f"{name} {seconds:.2f} s" for name, seconds in took.items()),
        gc.get_freeze_count(),
    )
