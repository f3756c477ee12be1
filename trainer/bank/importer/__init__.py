"""Import of exam papers written in the usual Chinese format (.txt, .md, .docx), without a database.

Call :func:`check_upload` on an upload, then :func:`parse_paper` for an :class:`ImportReport`; its
``to_json()`` is what the CLI prints and ``question_dicts()`` are bank-format questions to save.
"""

from trainer.bank.importer.parser import paper_lines, parse_paper
from trainer.bank.importer.report import ImportReport, ImportWarning, ParsedQuestion, SkippedLine
from trainer.bank.importer.safety import DEFAULT_MAX_BYTES, ImportRefused, check_upload

__all__ = [
    "DEFAULT_MAX_BYTES",
    "ImportRefused",
    "ImportReport",
    "ImportWarning",
    "ParsedQuestion",
    "SkippedLine",
    "check_upload",
    "paper_lines",
    "parse_paper",
]
