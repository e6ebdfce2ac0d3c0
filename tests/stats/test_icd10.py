"""EUDA selection B, table-driven: codes that count, codes that must not, and code spellings."""

from __future__ import annotations

import pandas as pd
import pytest

from rusrapport.stats import classify_death, classify_deaths

CASES = [
    # underlying cause, certificate codes, drug-induced, intent, substance
    ("F11.2", "", True, "mental_behavioural", "dependence"),
    ("F12", None, True, "mental_behavioural", "dependence"),
    ("F14.1", "T40.5", True, "mental_behavioural", "dependence"),
    ("F15", "", True, "mental_behavioural", "dependence"),
    ("F16.0", "", True, "mental_behavioural", "dependence"),
    ("F19.2", "T40.1", True, "mental_behavioural", "dependence"),
    ("f112", "", True, "mental_behavioural", "dependence"),
    ("F10.2", "T40.1", False, None, None),  # alcohol
    ("F13.2", "T42.4", False, None, None),  # sedatives
    ("F17", "", False, None, None),  # tobacco
    ("F18", "", False, None, None),  # solvents
    ("X42.0", "T40.1", True, "accidental", "heroin"),
    ("X42", "T40.3", True, "accidental", "methadone"),
    ("X420", "T402", True, "accidental", "other_opioids"),
    ("x42.0", "t40.0", True, "accidental", "other_opioids"),
    ("X41", "T40.4", True, "accidental", "other_synthetic_opioids"),
    ("X44", "T40.5", True, "accidental", "stimulants"),
    ("X44", "T43.6", True, "accidental", "stimulants"),
    ("X42", "T40.6", True, "accidental", "other"),
    ("X42", "T40.7", True, "accidental", "other"),
    ("X42", "T40.8", True, "accidental", "other"),
    ("X42", "T40.9", True, "accidental", "other"),
    ("X61", "T40.2", True, "intentional", "other_opioids"),
    ("X62", "T40.1", True, "intentional", "heroin"),
    ("X64", "T43.6", True, "intentional", "stimulants"),
    ("Y11", "T40.4", True, "undetermined", "other_synthetic_opioids"),
    ("Y12", "T40.3", True, "undetermined", "methadone"),
    ("Y14", "T40.2", True, "undetermined", "other_opioids"),
    ("X42", "T42.4;T40.3;T40.1", True, "accidental", "methadone"),  # first eligible code wins
    ("X42", "T40.1;T40.3", True, "accidental", "heroin"),
    ("X44", "T42.4", False, None, None),  # benzodiazepines only
    ("X44", "T43.5", False, None, None),  # antipsychotics; T43.6 only counts
    ("X42", "", False, None, None),  # no T-code
    ("X42", None, False, None, None),
    ("X42", "T40", False, None, None),  # unspecified T40 has no 4th character
    ("X45", "T40.1", False, None, None),  # alcohol poisoning
    ("X60", "T40.1", False, None, None),
    ("Y10", "T40.1", False, None, None),
    ("I25.1", "T40.1", False, None, None),  # heart disease with heroin on the certificate
    ("T40.1", "", False, None, None),  # a T-code cannot be an underlying cause
]


@pytest.mark.parametrize("cause, codes, drug, intent, substance", CASES)
def test_classify_death(cause, codes, drug, intent, substance):
    result = classify_death(cause, codes)
    assert (result.drug_induced, result.intent, result.substance) == (drug, intent, substance)


def test_accepts_sequences_of_codes():
    assert classify_death("X42.0", ["T42.4", "t40.3"]).substance == "methadone"


def test_vectorised_form_matches_scalar():
    frame = pd.DataFrame(
        CASES, columns=["underlying_cause", "t_codes", "drug", "intent", "substance_expected"]
    )
    out = classify_deaths(frame)
    assert out["drug_induced"].tolist() == [c[2] for c in CASES]
    assert out["intent"].tolist() == [c[3] for c in CASES]
    assert out["substance"].tolist() == [c[4] for c in CASES]
    assert "drug_induced" not in frame.columns  # caller's frame untouched
