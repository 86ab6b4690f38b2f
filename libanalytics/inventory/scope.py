"""What part of the collection an inventory covers.

An inventory often covers part of the library this week (the Fiction shelves, the
Reference room). Only copies in scope can be missing; a copy outside the scope that was
read anyway is still reported.

>>> Scope(sections=["Fiction"], call_range=("FIC A", "FIC M"))
Scope(locations=None, sections=('Fiction',), call_range=('FIC A', 'FIC M'), seen_since=None, sites=None)
>>> as_scope({"sections": "Easy"}).sections
('Easy',)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any

import polars as pl

from ..errors import LibAnalyticsError


def _names(value: str | Iterable[str] | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return (value,)
    return tuple(value)


@dataclass(frozen=True)
class Scope:
    """The copies an inventory covers; every keyword left out means "all".

    >>> scope = Scope(locations=["Library"], seen_since="2024-09-01")
    >>> scope.seen_since
    datetime.date(2024, 9, 1)

    Parameters
    ----------
    locations:
        Shelving locations (sublocations) covered, as the catalog names them.
    sections:
        Sections covered: ``"Easy"``, ``"Fiction"``, ``"Nonfiction"`` ...
    call_range:
        ``(from, to)`` call numbers, both included; ``to`` includes everything that
        starts with it, so ``("FIC A", "FIC M")`` runs through every ``FIC M...``.
    seen_since:
        A date: copies checked out or returned since then are accounted for (the
        library system has seen them) and are left out of the count.
    sites:
        School codes covered, for district files. By default the schools whose reads
        carry a site, or every school when the reads carry none.
    """

    locations: tuple[str, ...] | None = None
    sections: tuple[str, ...] | None = None
    call_range: tuple[str, str] | None = None
    seen_since: dt.date | None = None
    sites: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "locations", _names(self.locations))
        object.__setattr__(self, "sections", _names(self.sections))
        object.__setattr__(self, "sites", _names(self.sites))
        if self.call_range is not None:
            rng = tuple(self.call_range)
            if len(rng) != 2 or not all(isinstance(v, str) and v.strip() for v in rng):
                raise LibAnalyticsError(
                    f"call_range must be two call numbers (from, to), got {self.call_range!r}",
                    field="call_range",
                    remedy='write it like ("FIC A", "FIC M")',
                )
            object.__setattr__(self, "call_range", rng)
        if isinstance(self.seen_since, str):
            try:
                object.__setattr__(self, "seen_since", dt.date.fromisoformat(self.seen_since))
            except ValueError:
                raise LibAnalyticsError(
                    f"seen_since must be a date, got {self.seen_since!r}",
                    field="seen_since",
                    remedy='write it as "YYYY-MM-DD"',
                ) from None
        elif isinstance(self.seen_since, dt.datetime):
            object.__setattr__(self, "seen_since", self.seen_since.date())

    def describe(self) -> str:
        """The scope in words, for the summary and the workbook."""
        parts = []
        if self.sites:
            parts.append("schools " + ", ".join(self.sites))
        if self.sections:
            parts.append("sections " + ", ".join(self.sections))
        if self.locations:
            parts.append("locations " + ", ".join(self.locations))
        if self.call_range:
            parts.append(f"call numbers {self.call_range[0]} to {self.call_range[1]}")
        text = "; ".join(parts) if parts else "the whole collection"
        if self.seen_since:
            text += f"; copies checked out or returned since {self.seen_since} count as seen"
        return text


def as_scope(scope: Scope | Mapping[str, Any] | None) -> Scope:
    """A `Scope` from a `Scope`, a dict of the same keywords, or None (everything)."""
    if scope is None:
        return Scope()
    if isinstance(scope, Scope):
        return scope
    if isinstance(scope, Mapping):
        known = {f.name for f in fields(Scope)}
        unknown = sorted(set(scope) - known)
        if unknown:
            raise LibAnalyticsError(
                f"the scope has no setting called {', '.join(repr(u) for u in unknown)}",
                field="scope",
                remedy=f"use only {', '.join(sorted(known))}",
            )
        return Scope(**scope)
    raise LibAnalyticsError(
        f"scope must be a dict or a Scope, got {type(scope).__name__}",
        field="scope",
        remedy='write it like {"sections": ["Fiction"]}',
    )


def _normal(expr: pl.Expr) -> pl.Expr:
    return expr.str.to_uppercase().str.replace_all(r"\s+", " ").str.strip_chars()


def in_scope(scope: Scope, *, call_range_keys: tuple[str, str] | None = None) -> pl.Expr:
    """A boolean expression over the items table: True for copies the scope covers.

    ``call_range_keys`` are the shelf keys of the two ends of ``call_range`` (the caller
    computes them with the same shelf-key function the items carry).
    """
    expr = pl.lit(True)
    if scope.sites is not None:
        expr = expr & pl.col("site").is_in(list(scope.sites))
    if scope.sections is not None:
        wanted = [s.casefold() for s in scope.sections]
        expr = expr & pl.col("section").str.to_lowercase().is_in(wanted)
    if scope.locations is not None:
        wanted = [s.casefold().strip() for s in scope.locations]
        expr = expr & pl.col("location").str.to_lowercase().str.strip_chars().is_in(wanted)
    if scope.call_range is not None and call_range_keys is not None:
        low, high = call_range_keys
        to_text = " ".join(scope.call_range[1].upper().split())
        expr = expr & (
            (pl.col("shelf_key") >= low)
            & (
                (pl.col("shelf_key") <= high)
                | _normal(pl.col("call_number")).str.starts_with(to_text)
            )
        )
    return expr.fill_null(False)
