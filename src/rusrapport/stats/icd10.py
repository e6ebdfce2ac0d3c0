"""EUDA "selection B": which deaths are drug-induced, and their intent and substance group.

Definition (EUDA/EMCDDA standard protocol, selection B of ICD-10 underlying causes):

* F11, F12, F14, F15, F16, F19 (mental and behavioural disorders due to drug use), any 4th
  character; or
* X41, X42, X44 (accidental), X61, X62, X64 (intentional), Y11, Y12, Y14 (undetermined intent)
  poisoning *together with* at least one T-code T40.0–T40.9 or T43.6 on the certificate.

The substance group comes from the first eligible T-code in certificate order (the main
intoxicant is listed first); F-code deaths are the group "dependence".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd

Intent = Literal["accidental", "intentional", "undetermined", "mental_behavioural"]
SubstanceGroup = Literal[
    "heroin", "methadone", "other_opioids", "other_synthetic_opioids", "stimulants", "dependence", "other"
]

F_CODES = frozenset({"F11", "F12", "F14", "F15", "F16", "F19"})
POISONING_INTENT: dict[str, Intent] = {
    "X41": "accidental",
    "X42": "accidental",
    "X44": "accidental",
    "X61": "intentional",
    "X62": "intentional",
    "X64": "intentional",
    "Y11": "undetermined",
    "Y12": "undetermined",
    "Y14": "undetermined",
}
T_CODE_SUBSTANCE: dict[str, SubstanceGroup] = {
    "T400": "other_opioids",
    "T401": "heroin",
    "T402": "other_opioids",
    "T403": "methadone",
    "T404": "other_synthetic_opioids",
    "T405": "stimulants",
    "T406": "other",
    "T407": "other",
    "T408": "other",
    "T409": "other",
    "T436": "stimulants",
}


def normalise_code(code: str) -> str:
    """'X42.0', 'x420', ' X42.0 ' all become 'X420'."""
    return str(code).strip().upper().replace(".", "")


def is_well_formed(code: str) -> bool:
    """A letter, two digits, then up to two more characters (dot optional): F11, X42.0, T40.1."""
    text = str(code).strip().upper()
    return bool(re.fullmatch(r"[A-Z][0-9]{2}(\.?[0-9A-Z]{1,2})?", text))


def split_codes(t_codes: str | Sequence[str] | None) -> list[str]:
    """Certificate codes as a list in order; accepts 'T40.1;T42.4' or a sequence."""
    if t_codes is None or (isinstance(t_codes, float) and t_codes != t_codes):
        return []
    items = re.split(r"[;,\s|]+", t_codes) if isinstance(t_codes, str) else list(t_codes)
    return [normalise_code(c) for c in items if str(c).strip()]


@dataclass(frozen=True)
class DeathClass:
    """The result of classifying one death. ``intent``/``substance`` are None when not drug-induced."""

    drug_induced: bool
    intent: Intent | None = None
    substance: SubstanceGroup | None = None


NOT_DRUG_INDUCED = DeathClass(False)


def classify_death(underlying_cause: str, t_codes: str | Sequence[str] | None = None) -> DeathClass:
    """Classify one death by EUDA selection B (see the module docstring)."""
    cause = normalise_code(underlying_cause)
    category = cause[:3]
    if category in F_CODES:
        return DeathClass(True, "mental_behavioural", "dependence")
    intent = POISONING_INTENT.get(category)
    if intent is None:
        return NOT_DRUG_INDUCED
    for code in split_codes(t_codes):
        substance = T_CODE_SUBSTANCE.get(code[:4])
        if substance is not None:
            return DeathClass(True, intent, substance)
    return NOT_DRUG_INDUCED


def classify_deaths(
    frame: pd.DataFrame, cause: str = "underlying_cause", t_codes: str = "t_codes"
) -> pd.DataFrame:
    """A copy of ``frame`` with columns ``drug_induced``, ``intent`` and ``substance`` added."""
    classes = [classify_death(c, t) for c, t in zip(frame[cause], frame[t_codes], strict=True)]
    out = frame.copy()
    out["drug_induced"] = [c.drug_induced for c in classes]
    out["intent"] = pd.Series([c.intent for c in classes], index=frame.index, dtype="object")
    out["substance"] = pd.Series([c.substance for c in classes], index=frame.index, dtype="object")
    return out


def malformed_codes(codes: Iterable[str]) -> list[str]:
    """The codes in ``codes`` that are not well-formed ICD-10 codes."""
    return [c for c in codes if not is_well_formed(c)]
