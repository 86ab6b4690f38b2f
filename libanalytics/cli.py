"""The `libanalytics` command: `libanalytics demo|load|sample|inventory|weed|report|pages ...`.

Each subcommand lives in its own module under `libanalytics.commands` with two functions,
``register(subparsers)`` and ``run(args)``. A mistake in the user's input ends with the
message of a `LibAnalyticsError` and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from .errors import LibAnalyticsError

# In the order `libanalytics --help` lists them.
COMMANDS = ["demo", "load", "sample", "inventory", "weed", "report", "pages"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="libanalytics",
        description="Inventory and weeding analytics for school libraries. "
        "Reads library-system exports; writes files for people to review.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"libanalytics.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"libanalytics.commands.{name}":
                raise
            continue
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 1
    try:
        return int(args.run(args) or 0)
    except LibAnalyticsError as exc:
        print(f"libanalytics: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("libanalytics: stopped.", file=sys.stderr)
        return 130
