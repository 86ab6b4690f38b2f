"""Where things are: the sample data, the default rules, the user's folder, the outputs.

Paths live here and nowhere else, so notebooks never type a path into a cell.
"""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
SAMPLE_DIR = DATA_DIR / "sample"
RULES_DIR = DATA_DIR / "rules"
LOCAL_DIR = DATA_DIR / "local"
OUT_DIR = PROJECT_ROOT / "out"
DEFAULT_RULES = RULES_DIR / "crew_school.toml"

# The bundled sample school (written by `libanalytics sample`, issue 6).
SAMPLE_DESTINY_MARC = SAMPLE_DIR / "destiny_catalog.mrc"
SAMPLE_KOHA_MARC = SAMPLE_DIR / "koha_catalog.mrc"
SAMPLE_COPIES_XLSX = SAMPLE_DIR / "copies.xlsx"
SAMPLE_CIRCULATION = SAMPLE_DIR / "circulation.csv"
SAMPLE_SCHOOL = SAMPLE_DIR / "school.toml"
SAMPLE_SCANS = SAMPLE_DIR / "scans"
SAMPLE_ANSWER_KEY = SAMPLE_DIR / "answer_key.csv"
