"""The project's one exception for bad input, and the problem records it carries.

The build turns an :class:`InputError` into a readable summary and exit status 2, so every
loader and validator raises it (never a bare ``KeyError`` or ``assert``) with *all* the problems
it found: a person fixing a file wants the whole list, not one error per rebuild.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

MAX_SHOWN = 5  # rows and values quoted per problem; the count says how many there were


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input: where (file, column, rows) and what (values, message)."""

    file: str
    message: str
    column: str | None = None
    rows: tuple[int, ...] = ()
    values: tuple[object, ...] = ()
    count: int | None = None

    def describe(self) -> str:
        """One line a person can act on: file, column, rows, offending values."""
        parts = [self.file]
        if self.column and "," in self.column:
            parts.append(f"columns {self.column}")
        elif self.column:
            parts.append(f"column '{self.column}'")
        total = self.count if self.count is not None else len(self.rows)
        if self.rows:
            shown = ", ".join(str(r) for r in self.rows[:MAX_SHOWN])
            more = f" and {total - MAX_SHOWN} more" if total > MAX_SHOWN else ""
            label = "row" if total == 1 else "rows"
            parts.append(f"{label} {shown}{more}")
        text = ": ".join([", ".join(parts), self.message])
        if self.values:
            vals = ", ".join(repr(_plain(v)) for v in self.values[:MAX_SHOWN])
            text += f" (found {vals}{', ...' if len(self.values) > MAX_SHOWN else ''})"
        return text


def _plain(value: object) -> object:
    """numpy scalars print as np.int64(3); show the plain Python value instead."""
    item = getattr(value, "item", None)
    return item() if callable(item) else value


@dataclass
class InputError(Exception):
    """Raised when an input file cannot be used. Carries every problem found."""

    problems: Sequence[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.summary())

    @classmethod
    def single(cls, file: str, message: str, **where: object) -> InputError:
        return cls([Problem(file=file, message=message, **where)])  # type: ignore[arg-type]

    def summary(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the input data:"
        return "\n".join([head, *(f"  - {p.describe()}" for p in self.problems)])

    def __str__(self) -> str:
        return self.summary()


def raise_if_any(problems: Iterable[Problem]) -> None:
    """Raise one InputError listing every problem, or return when there are none."""
    found = list(problems)
    if found:
        raise InputError(found)
