"""The report's main messages, computed: facts from the data, then bullets whose wording follows
the facts (ranks, rise or fall, "ikke lenger"). Nothing here is typed in from last year's report."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from rusrapport import labels
from rusrapport.analysis import deaths as dd
from rusrapport.analysis import survey as sv
from rusrapport.analysis.survey_text import gap_exception, rise_start
from rusrapport.stats import count_trend
from rusrapport.text.numbers import format_number, format_percent
from rusrapport.text.phrases import list_words

SUBSTANCES = labels.SURVEY_SUBSTANCE_ORDER
STIMULANTS = ("cocaine", "mdma", "amphetamines")
RARE_BELOW = 5.0  # lifetime use (%) under which a drug counts as rarely used
OPIOIDS = ("heroin", "methadone", "other_opioids", "other_synthetic_opioids")


@dataclass(frozen=True)
class UseFacts:
    year: int
    first_year: int
    ranking: dict[str, list[str]]  # measure -> substance codes, most used first
    ever: dict[str, float]  # lifetime use (%) per substance, edition year
    trend_odds_ratio: float
    trend_p: float
    men_higher_all: bool
    gap_stable: bool
    debut_mode: int
    young_higher: bool
    top_young_group: str
    top_young_group_cannabis_only: bool
    cocaine_rise_start: int | None
    cocaine_peak_year: int
    cocaine_change: float  # edition year minus the year before, percentage points


def use_facts(survey: pd.DataFrame, year: int, ages: tuple[int, int]) -> UseFacts:
    survey = sv.with_any_stimulant(survey)
    table = sv.prevalence(survey, SUBSTANCES, ["ever", "12m", "4w"], ages=ages)
    code_of = {v: k for k, v in labels.SURVEY_SUBSTANCE.items()}
    now = table[table["year"] == year]
    ranking = {m: [code_of[s] for s in now[now["measure"] == m].sort_values("value", ascending=False)["substance"]]
               for m in ("ever", "12m", "4w")}  # fmt: skip
    ever_now = {code_of[r.substance]: float(r.value) for r in now[now["measure"] == "ever"].itertuples()}
    trend = sv.adjusted_trend(survey, "cannabis_ever", ages)
    by_sex = sv.prevalence(survey, [*SUBSTANCES, "any_stimulant"], ["ever"], ages=ages, by_sex=True)
    wide = by_sex.pivot_table(index=["year", "substance"], columns="sex", values="value")
    men_higher_all = bool((wide.loc[year]["menn"] > wide.loc[year]["kvinner"]).all())
    stable = True
    for substance in ("cannabis", "sentralstimulerende"):
        part = wide.xs(substance, level="substance")
        stable &= not gap_exception(part["menn"], part["kvinner"])
    users = survey[
        (survey["year"] == year) & survey["age"].between(*ages) & survey["cannabis_debut_age"].notna()
    ]
    mode = int(users.groupby("cannabis_debut_age")["weight"].sum().idxmax())
    young = sv.prevalence(survey, ["cannabis"], ["ever", "12m"], ages=(16, 30), years=[year]).set_index(
        "measure"
    )["value"]
    older = sv.prevalence(survey, ["cannabis"], ["ever", "12m"], ages=(31, ages[1]), years=[year]).set_index(
        "measure"
    )["value"]
    bands = {}
    for substance in ("cannabis", "cocaine"):
        part = sv.prevalence_by_age_band(survey, f"{substance}_12m")
        bands[substance] = part[part["year"] == year].set_index("age_group")["value"].idxmax()
    cocaine = table[(table["substance"] == "kokain") & (table["measure"] == "ever")].set_index("year")[
        "value"
    ]
    return UseFacts(
        year=year,
        first_year=int(table["year"].min()),
        ranking=ranking,
        ever=ever_now,
        trend_odds_ratio=trend.odds_ratio,
        trend_p=trend.p_value,
        men_higher_all=men_higher_all,
        gap_stable=stable,
        debut_mode=mode,
        young_higher=bool((young > older).all()),
        top_young_group=str(bands["cannabis"]),
        top_young_group_cannabis_only=bands["cocaine"] != bands["cannabis"],
        cocaine_rise_start=rise_start(cocaine),
        cocaine_peak_year=int(cocaine.idxmax()),
        cocaine_change=float(cocaine[year] - cocaine[year - 1]),
    )


def use_bullets(f: UseFacts) -> list[str]:
    bullets = []
    top = f.ranking["ever"][0]
    everywhere = all(f.ranking[m][0] == top for m in ("ever", "12m", "4w"))
    trend = ("Bruken har økt svakt over tid." if f.trend_p < 0.05 and f.trend_odds_ratio > 1 else
             "Bruken har gått ned over tid." if f.trend_p < 0.05 else "Bruken har vært stabil over tid.")  # fmt: skip
    measured = (
        "– målt både som bruk noen gang, siste 12 måneder og siste 4 uker"
        if everywhere
        else "målt som bruk noen gang"
    )
    bullets.append(
        f"{labels.SURVEY_SUBSTANCE_DISPLAY[top]} er det mest brukte illegale rusmiddelet i Norge {measured}. {trend}"
    )
    if f.men_higher_all:
        stable = (" Kjønnsforskjellene har vært stabile over tid, både for cannabis og for sentralstimulerende rusmidler."
                  if f.gap_stable else " Kjønnsforskjellene har variert noe over tid.")  # fmt: skip
        bullets.append(f"Menn rapporterer høyere bruk enn kvinner av alle de illegale rusmidlene.{stable}")
    else:
        bullets.append(
            "Menn rapporterer høyere bruk enn kvinner av de fleste illegale rusmidlene, men ikke av alle."
        )
    teens = " – mange debuterer i slutten av tenårene" if 15 <= f.debut_mode <= 19 else ""
    bullets.append(
        f"De fleste som har brukt cannabis, prøvde det første gang rundt {f.debut_mode}-årsalderen{teens}."
    )
    if f.young_higher:
        group = f.top_young_group.replace("-", "–")
        especially = ", særlig for cannabis" if f.top_young_group_cannabis_only else ""
        bullets.append(
            f"Unge voksne bruker mer enn resten av befolkningen. Aldersgruppen {group} år rapporterer høyest bruk{especially}."
        )
    rank = f.ranking["ever"].index("cocaine") + 1
    rank_word = {1: "det mest", 2: "det nest mest", 3: "det tredje mest"}.get(
        rank, f"nummer {rank} av de mest"
    )
    direction = ""
    if f.cocaine_rise_start is not None:
        direction = " Bruken har økt over flere år"
        direction += (f", men med en svak nedgang i {f.year}." if f.cocaine_change < 0 else f" og var høyest i {f.year}."
                      if f.cocaine_peak_year == f.year else ".")  # fmt: skip
    bullets.append(
        f"Kokain er {rank_word} rapporterte rusmiddelet{' etter cannabis' if rank == 2 else ''}.{direction}"
    )
    others = [s for s in f.ranking["ever"] if s in STIMULANTS and s != "cocaine"]
    bullets.append(f"Etter cannabis og kokain er {list_words([labels.in_sentence(s) for s in others])} de sentralstimulerende "
                   "rusmidlene flest har brukt.")  # fmt: skip
    rare = [s for s in f.ranking["ever"] if s not in ("cannabis", *STIMULANTS) and f.ever[s] < RARE_BELOW]
    if rare:
        bullets.append(f"Svært få har brukt {list_words([labels.in_sentence(s) for s in rare])}.")
    return bullets


@dataclass(frozen=True)
class DeathFacts:
    year: int
    first_year: int
    deaths: int
    deaths_before: int
    count_rising: bool
    rate_rising: bool
    mean_age: float
    top_age_group: str
    top_age_share: float
    under_30_share: float
    men_share: float
    women_older: bool
    top_substances: list[str]
    heroin_top3_now: bool
    heroin_top3_before: bool


def death_facts(
    deaths: pd.DataFrame, population: pd.DataFrame, standard: pd.DataFrame, years: list[int]
) -> DeathFacts:
    year = years[-1]
    counts = dd.per_year(deaths, years)
    rates = dd.rates_per_year(deaths, population, standard, years)
    count_trend_ = count_trend(counts["year"], counts["value"])
    rate_trend = count_trend(rates["year"], rates["value"], counts=False)
    age = dd.by_age_sex(deaths, year)
    totals = age[age["sex"] == "alle"].set_index("age_group")
    top_group = str(totals["value"].idxmax())
    ages = dd.mean_age_by_sex(deaths, years)
    now_ages = ages[ages["year"] == year].set_index("sex")["value"]
    part = deaths[deaths["year"] == year]
    ranked = part["substance"].value_counts()
    tops = {y: list(deaths[deaths["year"] == y]["substance"].value_counts().index[:3]) for y in years}
    return DeathFacts(
        year=year,
        first_year=years[0],
        deaths=int(counts["value"].iloc[-1]),
        deaths_before=int(counts["value"].iloc[-2]),
        count_rising=count_trend_.p_value < 0.05 and count_trend_.slope > 0,
        rate_rising=rate_trend.p_value < 0.05 and rate_trend.slope > 0,
        mean_age=float(now_ages["alle"]),
        top_age_group=top_group,
        top_age_share=float(totals.loc[top_group, "share"]),
        under_30_share=float(totals.loc["<30", "share"]),
        men_share=float(100 * (part["sex"] == "male").mean()),
        women_older=bool(now_ages["kvinner"] > now_ages["menn"]),
        top_substances=list(ranked.index[:3]),
        heroin_top3_now="heroin" in tops[year],
        heroin_top3_before=any("heroin" in tops[y] for y in years[:-1]),
    )


def death_bullets(f: DeathFacts) -> list[str]:
    change = ("en nedgang fra" if f.deaths < f.deaths_before else "en økning fra" if f.deaths > f.deaths_before
              else "det samme som")  # fmt: skip
    first = (
        f"I {f.year} ble det registrert {format_number(f.deaths)} narkotikautløste dødsfall i Norge – "
        f"{change} {format_number(f.deaths_before)} i {f.year - 1}."
    )
    if f.count_rising and f.rate_rising:
        first += f" Tallene viser likevel en stigende trend siden {f.first_year}, både i antall dødsfall og i aldersstandardiserte rater."
    elif f.count_rising:
        first += f" Antallet dødsfall viser en stigende trend siden {f.first_year}."
    else:
        first += f" Det er ingen signifikant stigende trend siden {f.first_year}."
    group = {"<30": "under 30 år", "70+": "70 år og eldre"}.get(
        f.top_age_group, f"{f.top_age_group.replace('-', '–')} år"
    )
    bullets = [
        first,
        f"Gjennomsnittsalderen ved dødsfallene var {format_number(f.mean_age, 1)} år i {f.year}. Flest dødsfall var i aldersgruppen "
        f"{group} ({format_percent(f.top_age_share)}), og {format_percent(f.under_30_share)} av de døde var under 30 år.",
        f"{format_percent(f.men_share)} av dødsfallene var menn og {format_percent(100 - f.men_share)} kvinner. "
        + (
            "Kvinnene hadde høyere gjennomsnittsalder enn mennene."
            if f.women_older
            else "Mennene hadde høyere gjennomsnittsalder enn kvinnene."
        ),
    ]
    names = [labels.DEATH_SUBSTANCE[s] for s in f.top_substances]
    if all(s in OPIOIDS for s in f.top_substances):
        bullets.append(
            f"Opioider står for flest dødsfall, særlig {names[0]}, etterfulgt av {names[1]} og {names[2]}."
        )
    else:
        bullets.append(f"De vanligste stofftypene ved dødsfallene var {list_words(names)}.")
    if not f.heroin_top3_now:
        no_longer = "ikke lenger" if f.heroin_top3_before else "ikke"
        bullets.append(
            f"Heroin var i {f.year} {no_longer} blant de tre vanligste stofftypene ved narkotikautløste dødsfall."
        )
    else:
        bullets.append(
            f"Heroin var blant de tre vanligste stofftypene ved narkotikautløste dødsfall i {f.year}."
        )
    return bullets
