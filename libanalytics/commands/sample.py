"""`libanalytics sample OUT_DIR`: write a made-up school (or district) to practise on."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import InputFormatError
from . import date_arg, list_written


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "sample",
        help="write a made-up school library (exports, inventory, answer key) to practise on",
        description="Write a made-up school library's exports (Destiny and Koha MARC, a copy "
        "report, a checkout history), an inventory's scanner files and its answer key. The same "
        "seed and date give the same files. With --schools, write a district instead.",
    )
    p.add_argument("out_dir", type=Path, help="folder to write into (created if needed)")
    p.add_argument("--seed", type=int, default=7, help="any whole number of 0 or more (default 7)")
    p.add_argument(
        "--items",
        type=int,
        default=None,
        help="copies per school (default 15,000; a district varies sizes around it)",
    )
    p.add_argument(
        "--schools", type=int, default=1, help="how many schools; more than 1 writes a district"
    )
    p.add_argument(
        "--level",
        choices=("elementary", "middle", "k8", "high"),
        default=None,
        help="elementary (K-5), middle (6-8), k8 or high (9-12): the sections, grades and "
        "enrollment follow it (default k8, or high from 25,000 copies; a district mixes levels)",
    )
    p.add_argument(
        "--as-of",
        type=date_arg,
        default=None,
        help="date the exports were taken, YYYY-MM-DD (default 2025-05-30)",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..sample import DEFAULT_AS_OF, generate_district, generate_school

    as_of = args.as_of or DEFAULT_AS_OF
    if args.items is not None and args.items < 50:
        raise InputFormatError(
            f"--items {args.items} is too few copies for a school library",
            field="--items",
            remedy="ask for at least 50 copies",
        )
    if args.seed < 0:
        raise InputFormatError(
            f"--seed {args.seed} is negative",
            field="--seed",
            remedy="use a whole number of 0 or more (the default is 7)",
        )
    if args.schools < 1:
        raise InputFormatError(
            f"--schools {args.schools} is not a number of schools",
            field="--schools",
            remedy="ask for 1 school or more",
        )
    out = args.out_dir.resolve()
    if args.schools == 1:
        written = generate_school(
            out, seed=args.seed, items=args.items, as_of=as_of, level=args.level
        )
    else:
        written = generate_district(
            out,
            schools=args.schools,
            seed=args.seed,
            items=args.items,
            as_of=as_of,
            level=args.level,
        )
    print(list_written(written, out))
    return 0
