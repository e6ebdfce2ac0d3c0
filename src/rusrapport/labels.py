"""Norwegian display labels for the codes used in data and statistics — the one place they live.

Codes (left) are what the data and the library use; labels (right) are what readers see and
what the tidy figure files carry.
"""

from __future__ import annotations

SEX = {"male": "menn", "female": "kvinner", "all": "alle"}

SURVEY_SUBSTANCE = {
    "cannabis": "cannabis",
    "cocaine": "kokain",
    "mdma": "mdma",
    "amphetamines": "amfetaminer",
    "lsd": "lsd",
    "ghb": "ghb",
    "heroin": "heroin",
    "other": "andre",
    "any_stimulant": "sentralstimulerende",
}
SURVEY_SUBSTANCE_ORDER = ("cannabis", "cocaine", "mdma", "amphetamines", "lsd", "ghb", "heroin", "other")
SURVEY_SUBSTANCE_DISPLAY = {
    "cannabis": "Cannabis",
    "cocaine": "Kokain",
    "mdma": "Ecstasy/MDMA",
    "amphetamines": "Amfetaminer",
    "lsd": "LSD",
    "ghb": "GHB",
    "heroin": "Heroin",
    "other": "Andre rusmidler",
    "any_stimulant": "Sentralstimulerende (minst ett)",
}


def in_sentence(code: str) -> str:
    """How a survey substance is written inside a sentence ('kokain', 'ecstasy/MDMA', 'LSD')."""
    special = {"mdma": "ecstasy/MDMA", "other": "andre illegale rusmidler"}
    if code in special:
        return special[code]
    name = SURVEY_SUBSTANCE_DISPLAY[code]
    return name if name.isupper() else name.lower()


MEASURE = {"ever": "Noen gang", "12m": "Siste 12 måneder", "4w": "Siste 4 uker"}

DEATH_SUBSTANCE = {
    "heroin": "heroin",
    "methadone": "metadon",
    "other_opioids": "andre opioider",
    "other_synthetic_opioids": "andre syntetiske opioider",
    "stimulants": "stimulanter",
    "dependence": "avhengighet",
    "other": "andre stoffer",
}
DEATH_INTENT = {
    "accidental": "forgiftning uten intensjon",
    "intentional": "forgiftning med intensjon",
    "undetermined": "uavklart intensjon",
    "mental_behavioural": "psykiske lidelser og atferdsforstyrrelser",
}
