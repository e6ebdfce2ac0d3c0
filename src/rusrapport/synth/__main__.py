"""Regenerate the default inputs: ``python -m rusrapport.synth [--seed N] [--out data]``."""

from __future__ import annotations

import argparse

from rusrapport.synth.write import DEFAULT_SEED, write_defaults


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default %(default)s)")
    parser.add_argument("--out", default="data", help="folder to write to (default %(default)s)")
    args = parser.parse_args()
    for path in write_defaults(args.out, args.seed):
        print(path)


if __name__ == "__main__":
    main()
