"""Subcommands of `libanalytics`, one module each (see `libanalytics.cli`)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path


def list_written(paths: list[Path], out_dir: Path) -> str:
    """The closing lines of a command: every file it wrote, relative to the project."""
    lines = [f"Wrote {len(paths)} file{'s' if len(paths) != 1 else ''} under {out_dir}:"]
    for p in sorted(set(paths)):
        try:
            shown = p.relative_to(out_dir)
        except ValueError:
            shown = p
        lines.append(f"  {out_dir.name}/{shown}" if not shown.is_absolute() else f"  {shown}")
    return "\n".join(lines)


def date_arg(text: str) -> dt.date:
    """An argparse type for dates typed as YYYY-MM-DD, with a message saying so."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2025-05-30") from None
