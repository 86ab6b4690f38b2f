"""Shared fixtures: the real exports in ../shared/realdata and the bundled sample."""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
REALDATA = PROJECT.parent / "shared" / "realdata"
SAMPLE = PROJECT / "data" / "sample"


@pytest.fixture
def realdata() -> Path:
    """The folder of real exports written by others; the test skips where it is absent."""
    if not REALDATA.is_dir():
        pytest.skip(
            f"real exports not found at {REALDATA} (they live beside the project, not in it)"
        )
    return REALDATA


@pytest.fixture
def sample() -> Path:
    """The bundled sample school; the test skips until it has been generated."""
    if not (SAMPLE / "school.toml").is_file():
        pytest.skip("the sample school in data/sample has not been generated yet")
    return SAMPLE
