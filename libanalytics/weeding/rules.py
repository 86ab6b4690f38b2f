"""Weeding rules: CREW's X/Y/MUSTIE limits per section or Dewey range, read from TOML.

A rules file is something a specialist edits, so every mistake in it is reported with the
line it is on. The default file is ``data/rules/crew_school.toml``.

>>> rules = load_rules()
>>> rules.rule("500s science").max_age_years, rules.rule("500s science").max_unused_years
(5, 3)
>>> rules.rule("fiction").max_age_years is None          # age does not count for fiction
True
>>> what_if = rules.with_limits("fiction", max_unused_years=3)
>>> what_if.rule("fiction").max_unused_years, rules.rule("fiction").max_unused_years
(3, 2)
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from .. import paths
from ..errors import RulesError
from ..schema import SECTIONS

SETTINGS = {
    "name": "the name of this set of rules",
    "protect_new_copies_years": "copies acquired within this many years are protected",
    "protect_last_copy_in_district": "true or false",
    "rule": "the [[rule]] entries",
}
RULE_KEYS = (
    "name",
    "dewey",
    "sections",
    "max_age_years",
    "max_unused_years",
    "circulates",
    "notes",
    "source",
)
_DEWEY = re.compile(r"^\d{3}(\.\d+)?$")
_HEADER = re.compile(r"^\s*\[\[\s*rule\s*\]\]")
_TABLE = re.compile(r"^\s*\[")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=""")
_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")
_UNCHANGED: Any = object()


@dataclass(frozen=True)
class Rule:
    """One entry of a rules file: what it matches and the limits it sets.

    ``max_age_years`` and ``max_unused_years`` are None where the criterion does not
    apply to the copies this rule covers.
    """

    name: str
    dewey: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    max_age_years: int | None = None
    max_unused_years: int | None = None
    notes: str = ""
    source: str = ""
    circulates: bool = True
    line: int | None = None

    @property
    def is_default(self) -> bool:
        """True for the rule that covers anything no other rule matches."""
        return not self.dewey and not self.sections

    @property
    def matches(self) -> str:
        """What the rule covers, in words: ``"Dewey 500-599"``, ``"sections Fiction"``."""
        parts = []
        if self.dewey:
            parts.append("Dewey " + ", ".join(self.dewey))
        if self.sections:
            noun = "section" if len(self.sections) == 1 else "sections"
            parts.append(f"{noun} " + ", ".join(self.sections))
        return " and ".join(parts) or "anything else"

    def ranges(self) -> list[tuple[float, float]]:
        """The Dewey ranges as ``[low, high)`` numbers: ``"507"`` is ``[507, 508)``."""
        return [_dewey_range(text) for text in self.dewey]


@dataclass(frozen=True)
class Rules:
    """A set of weeding rules, as read from a TOML file.

    >>> rules = load_rules()
    >>> rules.name, len(rules.entries) >= 18
    ('CREW school defaults', True)
    >>> [r.name for r in rules.entries if r.is_default]
    ['anything else']
    """

    name: str
    path: Path | None
    sha256: str
    entries: tuple[Rule, ...]
    protect_new_copies_years: int = 2
    protect_last_copy_in_district: bool = False

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.entries)

    def rule(self, name: str) -> Rule:
        """The entry called ``name``; `RulesError` if there is none."""
        for entry in self.entries:
            if entry.name == name:
                return entry
        raise RulesError(
            f"there is no rule called '{name}'",
            file=self.path,
            remedy="use one of: " + ", ".join(e.name for e in self.entries),
        )

    @property
    def default(self) -> Rule | None:
        """The rule for anything else, if the file has one."""
        return next((e for e in self.entries if e.is_default), None)

    def with_limits(
        self,
        rule_name: str,
        *,
        max_age_years: int | None = _UNCHANGED,
        max_unused_years: int | None = _UNCHANGED,
    ) -> Rules:
        """A copy of these rules with one rule's limits changed (for a what-if).

        Pass None to make a criterion not apply; leave an argument out to keep it.
        The copy has no ``path`` and its ``sha256`` is that of its `to_toml` text, so a
        weeding log can tell it from the file it came from.
        """
        old = self.rule(rule_name)
        changes: dict[str, Any] = {"line": None}
        if max_age_years is not _UNCHANGED:
            changes["max_age_years"] = _limit(max_age_years, "max_age_years", self.path, None)
        if max_unused_years is not _UNCHANGED:
            changes["max_unused_years"] = _limit(
                max_unused_years, "max_unused_years", self.path, None
            )
        new = dataclasses.replace(old, **changes)
        entries = tuple(new if e is old else e for e in self.entries)
        changed = dataclasses.replace(self, entries=entries, path=None, sha256="")
        text = changed.to_toml_text()
        return dataclasses.replace(changed, sha256=hashlib.sha256(text.encode()).hexdigest())

    def to_toml_text(self) -> str:
        """These rules as the text of a rules file (which `load_rules` reads back)."""
        lines = [
            f"# Weeding rules written by libanalytics from {self.path or 'a modified copy'}.",
            "# Copy into data/local/ and set RULES_FILE to use them.",
            "",
            f"name = {_quote(self.name)}",
            f"protect_new_copies_years = {self.protect_new_copies_years}",
            f"protect_last_copy_in_district = {'true' if self.protect_last_copy_in_district else 'false'}",
        ]
        for rule in self.entries:
            lines += ["", "[[rule]]", f"name = {_quote(rule.name)}"]
            if rule.dewey:
                lines.append(f"dewey = [{', '.join(_quote(d) for d in rule.dewey)}]")
            if rule.sections:
                lines.append(f"sections = [{', '.join(_quote(s) for s in rule.sections)}]")
            if rule.max_age_years is not None:
                lines.append(f"max_age_years = {rule.max_age_years}")
            if rule.max_unused_years is not None:
                lines.append(f"max_unused_years = {rule.max_unused_years}")
            if not rule.circulates:
                lines.append("circulates = false")
            if rule.notes:
                lines.append(f"notes = {_quote(rule.notes)}")
            if rule.source:
                lines.append(f"source = {_quote(rule.source)}")
        return "\n".join(lines) + "\n"

    def to_toml(self, path: str | Path) -> Path:
        """Write these rules to ``path`` as a rules file (whole, or not at all)."""
        target = Path(path)
        tmp = target.with_name(f".{target.name}.part")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(self.to_toml_text(), encoding="utf-8")
            tmp.replace(target)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise RulesError(
                f"cannot write the rules file ({exc.strerror})",
                file=target,
                remedy="choose a folder you can write to, such as data/local/",
            ) from exc
        return target

    def frame(self) -> pl.DataFrame:
        """The rules as a table, in file order, for display."""
        return pl.DataFrame(
            {
                "rule": [e.name for e in self.entries],
                "matches": [e.matches for e in self.entries],
                "max_age_years": [e.max_age_years for e in self.entries],
                "max_unused_years": [e.max_unused_years for e in self.entries],
                "notes": [e.notes for e in self.entries],
                "source": [e.source for e in self.entries],
            },
            schema_overrides={"max_age_years": pl.Int32, "max_unused_years": pl.Int32},
        )

    def matching_order(self) -> list[tuple[Rule, str, Any]]:
        """How copies are matched, first match winning: ``(rule, kind, what)``.

        Dewey ranges first, narrowest first (``507`` before ``500-599``), then sections,
        then the rule for anything else.
        """
        dewey = [
            (hi - lo, n, rule, rng)
            for n, rule in enumerate(self.entries)
            for rng in rule.ranges()
            for lo, hi in [rng]
        ]
        dewey.sort(key=lambda t: (t[0], t[1]))
        order: list[tuple[Rule, str, Any]] = [(rule, "dewey", rng) for _, _, rule, rng in dewey]
        order += [(r, "sections", r.sections) for r in self.entries if r.sections]
        order += [(r, "default", None) for r in self.entries if r.is_default]
        return order


def load_rules(path: str | Path | None = None) -> Rules:
    """Read a weeding rules file (TOML); the default is ``data/rules/crew_school.toml``.

    Parameters
    ----------
    path:
        The rules file, e.g. ``"data/local/my_rules.toml"``. None reads the CREW defaults.

    Returns
    -------
    Rules
        The entries, the file's path and its SHA-256 (recorded in the weeding log).

    Raises
    ------
    RulesError
        The file is missing, is not valid TOML, or has an unknown or broken setting; the
        message names the line.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> bad = pathlib.Path(tempfile.mkdtemp()) / "rules.toml"
    >>> _ = bad.write_text('[[rule]]\\nname = "fiction"\\nsections = ["Fiction"]\\nmax_unsued_years = 2\\n')
    >>> load_rules(bad)
    Traceback (most recent call last):
    ...
    libanalytics.errors.RulesError: rules.toml, line 4: rule 'fiction' has an unknown setting 'max_unsued_years'. What to do: use only name, dewey, sections, max_age_years, max_unused_years, circulates, notes, source (see data/rules/crew_school.toml).
    """
    file = Path(path) if path is not None else paths.DEFAULT_RULES
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise RulesError(
            f"cannot read the rules file ({exc.strerror or exc})",
            file=file,
            remedy="check the path; the default rules are data/rules/crew_school.toml",
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RulesError(
            "the rules file is not UTF-8 text",
            file=file,
            line=raw[: raw.find(b"\n", 0)].count(b"\n") + 1 if raw else None,
            remedy="save it as UTF-8 from your text editor",
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_LINE.search(str(exc))
        problem = _TOML_LINE.sub("", str(exc)).strip()
        raise RulesError(
            f"this line is not valid TOML ({problem.lower()})",
            file=file,
            line=int(found.group(1)) if found else None,
            remedy='write settings as  name = value  with text in "quotes"; '
            "compare with data/rules/crew_school.toml",
        ) from None
    lines = _key_lines(text)
    return _build(data, file, lines, hashlib.sha256(raw).hexdigest())


def _key_lines(text: str) -> dict[tuple[int | None, str], int]:
    """Where each key is: ``{(rule number or None for top level, key): line}``."""
    where: dict[tuple[int | None, str], int] = {}
    entry: int | None = None
    count = -1
    for number, line in enumerate(text.splitlines(), start=1):
        if _HEADER.match(line):
            count += 1
            entry = count
            where.setdefault((entry, "[[rule]]"), number)
        elif _TABLE.match(line):
            entry = None
            name = line.strip().strip("[]").strip().strip("\"'")
            where.setdefault((None, name), number)
        else:
            key = _KEY.match(line)
            if key:
                where.setdefault((entry, key.group(1).strip("\"'")), number)
    return where


def _build(data: dict, file: Path, lines: dict, sha256: str) -> Rules:
    for key in data:
        if key not in SETTINGS:
            raise RulesError(
                f"unknown setting '{key}'",
                file=file,
                line=lines.get((None, key)),
                remedy="use only " + ", ".join(SETTINGS) + " at the top of the file",
            )
    entries_raw = data.get("rule", [])
    if not isinstance(entries_raw, list) or not all(isinstance(e, dict) for e in entries_raw):
        raise RulesError(
            "'rule' must be a list of [[rule]] entries",
            file=file,
            line=lines.get((None, "rule")),
            remedy="start each entry with a line [[rule]]",
        )
    entries = []
    for n, raw in enumerate(entries_raw):
        entries.append(
            _rule(raw, file, lambda key, n=n: lines.get((n, key), lines.get((n, "[[rule]]"))))
        )
    seen: dict[str, Rule] = {}
    for rule in entries:
        if rule.name in seen:
            raise RulesError(
                f"two rules are called '{rule.name}'",
                file=file,
                line=rule.line,
                remedy="give each rule its own name; the reasons quote it",
            )
        seen[rule.name] = rule
    defaults = [r for r in entries if r.is_default]
    if len(defaults) > 1:
        raise RulesError(
            f"rules '{defaults[0].name}' and '{defaults[1].name}' both match anything "
            "(neither gives dewey nor sections)",
            file=file,
            line=defaults[1].line,
            remedy="give one of them a dewey range or sections, or remove it",
        )
    name = data.get("name", file.stem)
    if not isinstance(name, str):
        raise RulesError("'name' must be text in quotes", file=file, line=lines.get((None, "name")))
    years = data.get("protect_new_copies_years", 2)
    if isinstance(years, bool) or not isinstance(years, int) or years < 0:
        raise RulesError(
            f"protect_new_copies_years must be a whole number of years, not {years!r}",
            file=file,
            line=lines.get((None, "protect_new_copies_years")),
            remedy="write e.g. protect_new_copies_years = 2 (0 protects no new copies)",
        )
    last = data.get("protect_last_copy_in_district", False)
    if not isinstance(last, bool):
        raise RulesError(
            f"protect_last_copy_in_district must be true or false, not {last!r}",
            file=file,
            line=lines.get((None, "protect_last_copy_in_district")),
            remedy="write true or false without quotes",
        )
    return Rules(
        name=name,
        path=file,
        sha256=sha256,
        entries=tuple(entries),
        protect_new_copies_years=years,
        protect_last_copy_in_district=last,
    )


def _rule(raw: dict, file: Path, line_of) -> Rule:
    name = raw.get("name")
    label = f"rule '{name}'" if isinstance(name, str) else "a [[rule]] entry"
    for key in raw:
        if key not in RULE_KEYS:
            raise RulesError(
                f"{label} has an unknown setting '{key}'",
                file=file,
                line=line_of(key),
                remedy="use only " + ", ".join(RULE_KEYS) + " (see data/rules/crew_school.toml)",
            )
    if not isinstance(name, str) or not name.strip():
        raise RulesError(
            "a [[rule]] entry has no name",
            file=file,
            line=line_of("name"),
            remedy='add a line such as  name = "500s science"',
        )
    dewey = _text_list(raw.get("dewey", []), "dewey", label, file, line_of)
    for text in dewey:
        if _dewey_range(text, strict=False) is None:
            raise RulesError(
                f"{label}: '{text}' is not a Dewey number or range",
                file=file,
                line=line_of("dewey"),
                remedy='write three digits, optionally with decimals, or a range: "507", "031.02", "500-599"',
            )
    sections = _text_list(raw.get("sections", []), "sections", label, file, line_of)
    for section in sections:
        if section not in SECTIONS:
            raise RulesError(
                f"{label}: there is no section called '{section}'",
                file=file,
                line=line_of("sections"),
                remedy="use one of " + ", ".join(SECTIONS),
            )
    circulates = raw.get("circulates", True)
    if not isinstance(circulates, bool):
        raise RulesError(
            f"{label}: circulates must be true or false, not {circulates!r}",
            file=file,
            line=line_of("circulates"),
            remedy="write true or false without quotes",
        )
    texts = {}
    for key in ("notes", "source"):
        value = raw.get(key, "")
        if not isinstance(value, str):
            raise RulesError(f"{label}: {key} must be text in quotes", file=file, line=line_of(key))
        texts[key] = value
    return Rule(
        name=name.strip(),
        dewey=dewey,
        sections=sections,
        max_age_years=_limit(
            raw.get("max_age_years"), "max_age_years", file, line_of("max_age_years"), label
        ),
        max_unused_years=_limit(
            raw.get("max_unused_years"),
            "max_unused_years",
            file,
            line_of("max_unused_years"),
            label,
        ),
        notes=texts["notes"],
        source=texts["source"],
        circulates=circulates,
        line=line_of("[[rule]]"),
    )


def _text_list(value, key: str, label: str, file: Path, line_of) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RulesError(
            f"{label}: {key} must be text in quotes or a list of them",
            file=file,
            line=line_of(key),
            remedy=f'write e.g. {key} = ["...", "..."]',
        )
    return tuple(v.strip() for v in value)


def _limit(
    value, key: str, file: Path | None, line: int | None, label: str = "the rule"
) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RulesError(
            f"{label}: {key} must be a whole number of years, not {value!r}",
            file=file,
            line=line,
            remedy=f"write e.g. {key} = 5, or leave the line out if the criterion does not apply",
        )
    return int(value)


def _dewey_range(text: str, strict: bool = True) -> tuple[float, float] | None:
    """``"507"`` -> (507, 508); ``"031.02"`` -> (31.02, 31.03); ``"500-599"`` -> (500, 600)."""
    parts = [p.strip() for p in text.split("-")]
    if len(parts) not in (1, 2) or not all(_DEWEY.match(p) for p in parts):
        if strict:
            raise ValueError(text)
        return None
    low = float(parts[0])
    last = parts[-1]
    decimals = len(last.split(".")[1]) if "." in last else 0
    high = round(float(last) + 10.0**-decimals, decimals)
    if high <= low:
        if strict:
            raise ValueError(text)
        return None
    return low, high


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
