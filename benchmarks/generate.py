"""Write the full-scale SYNTHETIC dataset the benchmarks run on.

On top of the real register (every government, merged-away ones included, all regions, the real
building blocks and standards): about 300 products of 60 vendors and a portfolio per government of
100 software entries on average (some 65,000 entries, about 10 MB of YAML besides the map's
boundaries), with adoptions and security-plan history.  ``--scale 10`` makes the portfolios ten
times larger, and the catalogue with them: a portfolio lists a product at most once, so past
scale 1 there are ``300 * scale`` products.  Deterministic.

    python -m benchmarks.generate OUT [--scale N] [--data data]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .synthetic import write_synthetic

REPO = Path(__file__).resolve().parent.parent


def generate(out: Path, scale: float = 1.0, data: Path = REPO / "data", governments: int | None = None) -> Path:
    """The full-scale dataset (times ``scale``) in ``out``; with ``governments``, portfolios for only
    that many governments (the tests' smaller sample of the same data)."""
    products = max(300, round(300 * scale))  # enough for every portfolio's entries to be different products
    return write_synthetic(out, data, governments=governments, entries=round(100 * scale), vendors=60,
                           products=products, seed=2026)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the portfolio sizes (default 1)")
    parser.add_argument("--data", type=Path, default=REPO / "data", help="the real data to build on")
    args = parser.parse_args()
    generate(args.out, args.scale, args.data)


if __name__ == "__main__":
    main()
