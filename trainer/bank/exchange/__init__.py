"""Exchange with other tools: Moodle XML, GIFT and Aiken for questions (rubrics: trainer.grading.rubric_exchange).

Question functions work on lists of bank-format question dicts (DESIGN.md). Each format module's
``CARRIES`` names, per question type, the fields that survive an export → import round trip.
"""

from trainer.bank.exchange.aiken import export_aiken, import_aiken
from trainer.bank.exchange.gift import export_gift, import_gift
from trainer.bank.exchange.moodle_xml import export_moodle_xml, import_moodle_xml
from trainer.bank.exchange.results import ExchangeImport, ExportResult

__all__ = [
    "ExchangeImport",
    "ExportResult",
    "export_aiken",
    "export_gift",
    "export_moodle_xml",
    "import_aiken",
    "import_gift",
    "import_moodle_xml",
]
