"""UI translations: one catalogue per language in ``trainer/translations/<lang>/LC_MESSAGES/messages.po``.

Message ids are English; zh_CN is the default locale (its catalogue is ``zh``, which Babel falls back
to). ``flask translate compile`` (run by the setup and test scripts) turns each .po into the .mo that
Flask-Babel reads.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

PACKAGE = Path(__file__).resolve().parent


def catalog_files(root: Path = PACKAGE) -> list[Path]:
    """Every .po file under the package."""
    return sorted(root.glob("translations/*/LC_MESSAGES/*.po"))


def compile_catalogs(root: Path = PACKAGE) -> list[Path]:
    """Write a .mo next to every .po whose .mo is missing or older; returns the files written."""
    written = []
    for po_path in catalog_files(root):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as f:
            catalog = read_po(f)
        with mo_path.open("wb") as f:
            write_mo(f, catalog, use_fuzzy=False)
        written.append(mo_path)
    return written
