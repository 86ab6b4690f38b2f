"""The parameters every notebook shares, with their defaults.

A notebook's cell tagged ``parameters`` assigns only names from `NOTEBOOK_PARAMETERS`,
and is committed with these values (a test checks it), so every notebook runs on the
sample school as committed and on a user's own exports by changing that one cell.
Paths are relative to the ``notebooks/`` folder, where Jupyter runs a notebook.
"""

from __future__ import annotations

NOTEBOOK_PARAMETERS: dict[str, object] = {
    # Where the exports are: the bundled sample school, or your own under data/local/.
    "DATA_DIR": "../data/sample",
    # The catalog: a copy report carries each copy's status, date acquired and checkouts,
    # which inventory, weeding and the report all need (a Destiny MARC export has no status).
    "CATALOG_FILES": ["../data/sample/copies.xlsx"],
    "CIRCULATION_FILES": ["../data/sample/circulation.csv"],
    "SCAN_FILES": ["../data/sample/scans"],
    "PREVIOUS_INVENTORY": None,
    # For a district catalog: the school the scanner files are from, e.g. "NORTH".
    "SITE": None,
    # What the inventory covers, as a dict: {"sections": ["Fiction"]}, {"locations": [...]},
    # {"call_range": ("FIC A", "FIC M")}, {"seen_since": "2025-01-01"}; None is everything.
    "SCOPE": None,
    "RULES_FILE": "../data/rules/crew_school.toml",
    "KEEP_LIST": None,
    # The weeding log `weed apply` writes (out/weeding/weeding_log.xlsx), for copies weeded
    # per year in the report; None: copies weeded are shown as not given.
    "WEEDING_LOG": None,
    # A pull list you filled in at the shelves (.xlsx); None applies the one just written.
    "PULL_LIST": None,
    # Where the files for people go.
    "OUT_DIR": "../out",
    # The analysis date as "YYYY-MM-DD"; None means the date of the newest data.
    "TODAY": None,
    # Students enrolled (for copies and checkouts per student); None reads school.toml.
    "ENROLLMENT": None,
    "SCHOOL_NAME": None,
}
