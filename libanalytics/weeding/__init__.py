"""Weeding: CREW rules a specialist can edit, scores with reasons, evidence, protections.

>>> from libanalytics.weeding import load_rules, score_weeding
>>> load_rules().rule("graphic novels").max_unused_years
2

- `rules`: the TOML rules file (`load_rules`, `Rules`, `Rule`);
- `evidence`: the migration date and each copy's last use;
- `protect`: the keep list and the other protections;
- `score`: `score_weeding` and its `WeedingResult`.
"""

from .evidence import Migration, detect_migration
from .protect import read_keep_list
from .reasons import reasons_text
from .rules import Rule, Rules, load_rules
from .score import WeedingResult, score_weeding

__all__ = [
    "Migration",
    "Rule",
    "Rules",
    "WeedingResult",
    "detect_migration",
    "load_rules",
    "read_keep_list",
    "reasons_text",
    "score_weeding",
]
