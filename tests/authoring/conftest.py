"""Fixtures for authoring tests: the shared sample papers and a staging folder inside the test's tmp dir."""

from __future__ import annotations

from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples" / "import"


@pytest.fixture
def samples() -> Path:
    """The folder with the shared sample papers and expected.json."""
    return SAMPLES


@pytest.fixture
def staging(app, tmp_path: Path) -> Path:
    """Staged uploads go to the test's tmp dir, never the real instance folder."""
    folder = tmp_path / "imports"
    app.config["IMPORT_STAGING_DIR"] = str(folder)
    return folder
