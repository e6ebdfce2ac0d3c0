"""Tables for the methods chapter, computed from the data and the library's own definitions
(so the documented ICD-10 list is the one the classification uses)."""

from __future__ import annotations

import pandas as pd

from rusrapport import labels
from rusrapport.stats.icd10 import F_CODES, POISONING_INTENT, T_CODE_SUBSTANCE
from rusrapport.text.numbers import format_number, format_percent

INTENT_WORDS = {
    "accidental": "Forgiftning uten intensjon (ulykke)",
    "intentional": "Forgiftning med intensjon (selvmord)",
    "undetermined": "Forgiftning med uavklart intensjon",
}


def survey_sample(survey: pd.DataFrame, fieldwork: pd.DataFrame, age_min: int, age_max: int) -> pd.DataFrame:
    """Per year: respondents (all and in the analysed ages), gross sample, response, web share."""
    analysed = (
        survey[survey["age"].between(age_min, age_max)].groupby("year").size().rename("respondents_analysed")
    )
    table = fieldwork.set_index("year").join(analysed, how="left")
    net = table["gross_sample"] - table["ineligible"]
    out = pd.DataFrame(
        {
            "year": table.index,
            "age_range": table["age_range"],
            "gross_sample": table["gross_sample"],
            "respondents": table["respondents"],
            "respondents_analysed": table["respondents_analysed"].fillna(0).astype(int),
            "response_rate": 100 * table["respondents"] / net,
            "web_share": 100 * table["web"] / table["respondents"],
            "source": table.get("source", pd.Series("real", index=table.index)),
        }
    ).reset_index(drop=True)
    return out


def survey_sample_display(sample: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "År": sample["year"].astype(str),
            "Alder i utvalget": sample["age_range"].str.replace("-", "–"),
            "Bruttoutvalg": sample["gross_sample"].map(format_number),
            "Svar": sample["respondents"].map(format_number),
            "Svar 16–64 år": sample["respondents_analysed"].map(format_number),
            "Svarprosent": sample["response_rate"].map(lambda v: format_percent(v, 1)),
            "Andel web": sample["web_share"].map(format_percent),
        }
    )


def icd10_definition() -> pd.DataFrame:
    """The selection B codes as used by ``classify_death``: underlying causes and T-codes."""
    rows = [
        {"kind": "underliggende dødsårsak", "code": code, "group": labels.DEATH_INTENT["mental_behavioural"]}
        for code in sorted(F_CODES)
    ]
    rows += [
        {"kind": "underliggende dødsårsak", "code": code, "group": INTENT_WORDS[intent]}
        for code, intent in sorted(POISONING_INTENT.items())
    ]
    rows += [
        {
            "kind": "T-kode (sammen med X/Y-kode)",
            "code": f"{code[:3]}.{code[3]}",
            "group": labels.DEATH_SUBSTANCE[group],
        }
        for code, group in sorted(T_CODE_SUBSTANCE.items())
    ]
    return pd.DataFrame(rows)


def standard_population_display(standard: pd.DataFrame) -> pd.DataFrame:
    total = standard["persons"].sum()
    return pd.DataFrame(
        {
            "Alder": standard["age"].str.replace("-", "–") + " år",
            "Personer": standard["persons"].map(format_number),
            "Andel": (100 * standard["persons"] / total).map(lambda v: format_percent(v, 1)),
        }
    )


def control_drug_exclusions(survey: pd.DataFrame) -> pd.DataFrame:
    """Respondents excluded per survey year for reporting the fictitious control drug (Relevin),
    as ``load_survey`` counted them; empty when the control question is not in the data."""
    counts = survey.attrs.get("control_drug_excluded", {})
    return pd.DataFrame(
        {
            "year": pd.Series(list(counts), dtype="int64"),
            "excluded": pd.Series(list(counts.values()), dtype="int64"),
        }
    )


def control_drug_display(excluded: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "År": excluded["year"].astype(str),
            "Ekskluderte respondenter": excluded["excluded"].map(format_number),
        }
    )
