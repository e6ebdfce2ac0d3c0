"""Tools that make synthetic microdata hit weighted targets: raking and weighted quotas.

* :func:`rake` — iterative proportional fitting of weights to population margins, the method
  statistics offices use to weight surveys (here: age × sex, education, region).
* :func:`select_share` — pick respondents in score order until their weighted share reaches
  a target (how a synthetic cell gets its prevalence).
* :func:`fix_share` — toggle single respondents until a group's weighted share lies in a window,
  without leaving any window already fixed; the result reproduces published figures at the
  publication's rounding.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd


def rake(
    frame: pd.DataFrame, margins: dict[str, pd.Series], *, iterations: int = 100, tol: float = 1e-9
) -> np.ndarray:
    """Weights (starting from 1) whose weighted counts match every margin."""
    weights = np.ones(len(frame))
    for _ in range(iterations):
        worst = 0.0
        for column, target in margins.items():
            current = pd.Series(weights).groupby(frame[column].to_numpy()).sum()
            factor = (target / current).reindex(frame[column]).to_numpy()
            worst = max(worst, float(np.max(np.abs(factor - 1))))
            weights = weights * factor
        if worst < tol:
            break
    return weights


def weighted_share(selected: np.ndarray, weights: np.ndarray, group: np.ndarray) -> float:
    return float(weights[group & selected].sum() / weights[group].sum())


def select_share(
    candidates: np.ndarray, scores: np.ndarray, weights: np.ndarray, denominator: float, target: float
) -> np.ndarray:
    """Indices of ``candidates`` (best score first) whose weight sum is closest to target × denominator."""
    order = candidates[np.argsort(-scores[candidates], kind="stable")]
    cumulative = np.cumsum(weights[order])
    goal = target * denominator
    k = int(np.searchsorted(cumulative, goal))
    if k < len(order) and (k == 0 or abs(cumulative[k] - goal) < abs(cumulative[k - 1] - goal)):
        k += 1
    return order[:k]


@dataclass(frozen=True)
class Window:
    """A group whose weighted share of ``selected`` must lie in [lo, hi) (shares 0–1)."""

    name: str
    group: np.ndarray
    lo: float
    hi: float
    movable: np.ndarray | None = None  # who may be toggled to fix this window; default: the group

    def holds(self, selected: np.ndarray, weights: np.ndarray) -> bool:
        share = weighted_share(selected, weights, self.group)
        return self.lo <= share < self.hi


def fix_share(
    selected: np.ndarray,
    weights: np.ndarray,
    windows: Sequence[Window],
    *,
    can_add: Callable[[np.ndarray], np.ndarray],
    can_remove: Callable[[np.ndarray], np.ndarray],
) -> np.ndarray:
    """Toggle respondents until every window holds, fixing windows in order and keeping earlier ones.

    ``can_add``/``can_remove`` take the current selection and return boolean masks of who may
    be switched on or off (nesting rules such as "12-month users must be ever-users").
    """
    selected = selected.copy()
    for k, window in enumerate(windows):
        for _ in range(10000):
            share = weighted_share(selected, weights, window.group)
            if window.lo <= share < window.hi:
                break
            movable = window.group if window.movable is None else window.movable
            total = weights[window.group].sum()
            centre = (window.lo + window.hi) / 2
            adding = share < window.lo
            pool = np.flatnonzero(
                movable & (can_add(selected) & ~selected if adding else can_remove(selected) & selected)
            )
            if pool.size == 0:
                raise RuntimeError(
                    f"cannot reach window {window.name}: nobody left to toggle (share {share:.4f})"
                )
            change = weights[pool] / total * (1 if adding else -1)
            order = pool[np.argsort(np.abs(share + change - centre))]
            for i in order[:50]:
                trial = selected.copy()
                trial[i] = adding
                if all(w.holds(trial, weights) for w in windows[:k]):
                    selected = trial
                    break
            else:
                raise RuntimeError(f"cannot reach window {window.name} without breaking an earlier one")
        else:  # pragma: no cover - the loop always moves toward the window
            raise RuntimeError(f"window {window.name} did not converge")
    return selected


def subset_in_window(weights: np.ndarray, lo: float, hi: float, rng: np.random.Generator) -> np.ndarray:
    """A boolean mask whose weight sum lies in [lo, hi): a random start, then the single toggle or
    in/out swap that lands closest to the middle, until it fits (restarting when it cycles)."""
    centre = (lo + hi) / 2
    for _ in range(200):
        chosen = np.zeros(weights.size, dtype=bool)
        for i in rng.permutation(weights.size):
            if weights[chosen].sum() + weights[i] <= centre:
                chosen[i] = True
        seen: set[bytes] = set()
        while chosen.tobytes() not in seen:
            seen.add(chosen.tobytes())
            total = weights[chosen].sum()
            if lo <= total < hi:
                return chosen
            deltas = np.where(chosen, -weights, weights)
            swaps = weights[~chosen][None, :] - weights[chosen][:, None]
            best_single = int(np.argmin(np.abs(total + deltas - centre)))
            if swaps.size and np.min(np.abs(total + swaps - centre)) < abs(
                total + deltas[best_single] - centre
            ):
                out_i, in_j = np.unravel_index(np.argmin(np.abs(total + swaps - centre)), swaps.shape)
                inside, outside = np.flatnonzero(chosen), np.flatnonzero(~chosen)
                chosen[inside[out_i]], chosen[outside[in_j]] = False, True
            else:
                chosen[best_single] = not chosen[best_single]
    raise RuntimeError(f"no subset with weight in [{lo:.3f}, {hi:.3f})")
