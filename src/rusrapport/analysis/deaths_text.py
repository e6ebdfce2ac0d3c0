"""Sentences for the deaths chapter, decided by the numbers (rise or fall, significant or not,
which county, which substances), so new data cannot leave a false statement behind."""

from __future__ import annotations

import pandas as pd

from rusrapport.stats.trend import CountTrend
from rusrapport.text.numbers import format_number, format_percent
from rusrapport.text.phrases import list_words

SIGNIFICANCE = 0.05


def trend_phrase(trend: CountTrend, what: str) -> str:
    """'en statistisk signifikant økning i antall dødsfall' / '... ingen signifikant endring ...'."""
    if trend.p_value < SIGNIFICANCE:
        direction = "økning" if trend.slope > 0 else "nedgang"
        return f"en statistisk signifikant {direction} i {what}"
    return f"ingen statistisk signifikant endring i {what}"


def change_sentence(counts: pd.DataFrame, year: int) -> str:
    now = int(counts.loc[counts["year"] == year, "value"].iloc[0])
    before = int(counts.loc[counts["year"] == year - 1, "value"].iloc[0])
    if now < before:
        move = f"færre enn de {format_number(before)} i {year - 1}"
    elif now > before:
        move = f"flere enn de {format_number(before)} i {year - 1}"
    else:
        move = f"like mange som i {year - 1}"
    return f"I {year} ble det registrert {format_number(now)} narkotikautløste dødsfall i Norge, {move}."


def sex_change_sentence(by_sex: pd.DataFrame, year: int) -> str:
    parts = []
    for sex, word in (("kvinner", "kvinnene"), ("menn", "mennene")):
        counts = by_sex[by_sex["sex"] == sex].set_index("year")["value"]
        now, before = int(counts[year]), int(counts[year - 1])
        diff = now - before
        if diff == 0:
            parts.append(f"for {word} var antallet det samme som året før")
        else:
            change = "en nedgang" if diff < 0 else "en økning"
            parts.append(f"for {word} var det {change} på {format_number(abs(diff))} fra {year - 1}")
    return f"{parts[0][0].upper()}{parts[0][1:]}, og {parts[1]}."


def age_sentence(age_sex: pd.DataFrame) -> str:
    totals = age_sex[age_sex["sex"] == "alle"].set_index("age_group")
    top = totals["value"].idxmax()
    young = totals.loc["<30"]
    oldest = totals.loc["70+"]
    group_words = {"<30": "under 30 år", "70+": "70 år og eldre"}
    top_words = group_words.get(top, f"{top.replace('-', '–')} år")
    return (
        f"Flest dødsfall var det i aldersgruppen {top_words} ({format_number(totals.loc[top, 'value'])}, "
        f"{format_percent(totals.loc[top, 'share'])}). {format_percent(young['share'])} av de døde var under 30 år, "
        f"og {format_percent(oldest['share'])} var 70 år eller eldre."
    )


def mean_age_sentence(mean_ages: pd.DataFrame, year: int) -> str:
    part = mean_ages[mean_ages["year"] == year].set_index("sex")["value"]
    women, men = part["kvinner"], part["menn"]
    if round(women, 1) == round(men, 1):
        compare = "Kvinner og menn hadde samme gjennomsnittsalder."
    else:
        compare = f"Kvinnene var dermed i snitt {'eldre' if women > men else 'yngre'} enn mennene."
    return (
        f"Gjennomsnittsalderen ved dødsfallene var {format_number(part['alle'], 1)} år i {year}: "
        f"{format_number(women, 1)} år for kvinner og {format_number(men, 1)} år for menn. {compare}"
    )


def county_rate_sentence(rates: pd.DataFrame) -> str:
    valid = rates[rates["flag"] == ""] if (rates["flag"] == "").any() else rates
    rounded = valid.assign(shown=valid["value"].round(1))
    high = rounded["shown"].max()
    low = rounded["shown"].min()
    highest = list(rounded.loc[rounded["shown"] == high, "county"])
    lowest = list(rounded.loc[rounded["shown"] == low, "county"])
    return (
        f"Den høyeste aldersstandardiserte raten hadde {list_words(highest)} med {format_number(high, 1)} dødsfall per 100 000 "
        f"innbyggere, og den laveste hadde {list_words(lowest)} med {format_number(low, 1)}."
    )


def substance_sentence(by_substance: pd.DataFrame, year: int) -> str:
    part = by_substance[by_substance["year"] == year].sort_values("value", ascending=False, kind="stable")
    top = part.head(3)
    items = [
        f"{r.substance} (n = {format_number(r.value)}, {format_percent(r.share)})" for r in top.itertuples()
    ]
    heroin_rank = list(part["substance"]).index("heroin") + 1
    heroin = (
        "Heroin var blant de tre vanligste stofftypene."
        if heroin_rank <= 3
        else "Heroin var ikke blant de tre vanligste stofftypene."
    )
    return f"Flest dødsfall i {year} var knyttet til {list_words(items)}. {heroin}"


def intent_sentence(by_intent: pd.DataFrame, year: int) -> str:
    part = by_intent[(by_intent["year"] == year) & (by_intent["value"] > 0)].sort_values(
        "value", ascending=False
    )
    items = [f"{format_number(r.value)} ({format_percent(r.share)}) {r.intent}" for r in part.itertuples()]
    return f"Av dødsfallene i {year} var {list_words(items)}."
