"""Routed questions: answers a questionnaire never asked because an earlier answer ruled them out.

The survey asks about the last 12 months only those who have ever used a drug, and about the
last 4 weeks only those who used it in the last 12 months; the others are system-missing in
SSB's file. The contract reads an empty cell as "not asked / no answer" and leaves it out of
the denominator, so a routed file read naively publishes shares among users as shares of the
population. A mapping therefore says how to fill them (``"*_12m" = "0 where *_ever == 0"``),
and :func:`routed_problems` refuses a file that looks routed while the mapping says nothing.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator, Mapping

import pandas as pd

from rusrapport.data.schema import SUBSTANCES, measure_column
from rusrapport.errors import Problem

_RULE = re.compile(r"^\s*(\S+)\s+where\s+(\S+)\s*==\s*(\S+)\s*$")
KEEP = "none"  # the routed-out answers stay missing (the file really means "not asked")
# Pairs (asked only when ... ) checked for a routed pattern, and the rule each suggests.
ROUTED_PAIRS = (("12m", "ever"), ("4w", "12m"))
SHARE = 0.95  # "nearly all" of those with 0 on the gate question are missing
MIN_ROWS = 20  # fewer gate-0 rows than this are not evidence of routing


def check_rule(pattern: str, rule: str) -> str | None:
    """Why a routing rule cannot be used, or None when it can."""
    if rule.strip().lower() == KEEP:
        return None
    match = _RULE.match(rule)
    if match is None:
        return (
            f"routing rule for '{pattern}' is '{rule}'; write it as '<value> where <column> == <value>' "
            f"(e.g. \"0 where *_ever == 0\") or '{KEEP}'"
        )
    if match.group(2).count("*") != pattern.count("*") or pattern.count("*") > 1:
        return f"routing rule for '{pattern}': use one '*' in both the key and the column ('{rule}')"
    return None


def _number(text: str) -> float | str:
    try:
        return float(text)
    except ValueError:
        return text.strip("\"'")


def apply_routing(
    frame: pd.DataFrame, rules: Mapping[str, str], source: str
) -> tuple[pd.DataFrame, list[tuple[str, int]], list[Problem]]:
    """Fill routed-out cells. Returns the frame, (rule, cells filled) per column, and problems."""
    out = frame.copy()
    counts: list[tuple[str, int]] = []
    problems: list[Problem] = []
    for pattern, rule in rules.items():
        if rule.strip().lower() == KEEP:
            continue
        value, gate_pattern, gate_value = _RULE.match(rule).groups()  # type: ignore[union-attr]
        stem = re.compile("^" + re.escape(pattern).replace(r"\*", "(.*)") + "$")
        targets = [c for c in out.columns if fnmatch.fnmatchcase(str(c), pattern)]
        if not targets:
            problems.append(Problem(source, f"routing rule '{pattern}' matches no column of the file"))
        for column in targets:
            match = stem.match(str(column))
            gate = gate_pattern.replace("*", match.group(1)) if "*" in pattern and match else gate_pattern
            if gate not in out.columns and "*" in pattern:
                continue  # a glob also matches columns without a gate (cannabis_times_12m)
            if gate not in out.columns:
                problems.append(
                    Problem(source, f"routing rule for '{column}' depends on '{gate}', which is missing")
                )
                continue
            gate_values = pd.to_numeric(out[gate], errors="coerce")
            fill = out[column].isna() & (gate_values == _number(gate_value))
            if fill.any():
                out[column] = out[column].where(~fill, _number(value))
            counts.append((f"routing {column} = {value} where {gate} == {gate_value}", int(fill.sum())))
    return out, counts, problems


def has_rule(rules: Mapping[str, str], column: str) -> bool:
    return any(fnmatch.fnmatchcase(column, pattern) for pattern in rules)


def routed_problems(frame: pd.DataFrame, rules: Mapping[str, str], file: str) -> Iterator[Problem]:
    """A measure empty for nearly all respondents with 0 on its gate question looks routed:
    refuse it unless the mapping has a rule for it (a fill rule, or 'none' to keep it missing)."""
    for narrow, broad in ROUTED_PAIRS:
        columns = []
        for s in SUBSTANCES:
            column, gate = measure_column(s, narrow), measure_column(s, broad)
            if column not in frame or gate not in frame or has_rule(rules, column):
                continue
            closed = frame[gate] == 0
            empty = closed & frame[column].isna()
            if closed.sum() >= MIN_ROWS and empty.sum() >= SHARE * closed.sum():
                columns.append((column, int(empty.sum()), int(closed.sum())))
        if columns:
            names = ", ".join(c for c, _, _ in columns)
            worst = columns[0]
            yield Problem(
                file,
                f"looks routed: empty for {worst[1]} of {worst[2]} respondents with *_{broad} = 0 "
                f"(asked only of those who said yes). An empty answer would be left out of the share and "
                f'inflate it; add to the mapping [routing] "*_{narrow}" = "0 where *_{broad} == 0" '
                f'(or "{KEEP}" if they really were not asked)',
                column=names,
                count=len(columns),
            )
