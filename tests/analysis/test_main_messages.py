"""Main messages: every statement of the spec's 'Hovedbudskap' from the default data, and wording
that changes when the facts change."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rusrapport.analysis import deaths as dd
from rusrapport.analysis import main_messages as mm
from rusrapport.data import load_deaths, load_population, load_standard_population, load_survey
from tests.synth.conftest import DATA


@pytest.fixture(scope="module")
def facts():
    standard = load_standard_population(DATA / "standard_population.csv")
    population = dd.population_bands(load_population(DATA / "population.csv"), standard)
    deaths = dd.drug_induced(load_deaths(DATA / "deaths.csv"))
    use = mm.use_facts(load_survey(DATA / "survey.parquet"), 2025, (16, 64))
    return use, mm.death_facts(deaths, population, standard, list(range(2012, 2025)))


def test_use_messages_of_the_spec(facts):
    text = " ".join(mm.use_bullets(facts[0]))
    for statement in (
        "Cannabis er det mest brukte illegale rusmiddelet i Norge – målt både som bruk noen gang, siste 12 måneder og siste 4 uker",
        "Bruken har økt svakt over tid",
        "Menn rapporterer høyere bruk enn kvinner av alle de illegale rusmidlene",
        "Kjønnsforskjellene har vært stabile over tid, både for cannabis og for sentralstimulerende rusmidler",
        "rundt 18-årsalderen – mange debuterer i slutten av tenårene",
        "Unge voksne bruker mer enn resten av befolkningen. Aldersgruppen 21–25 år rapporterer høyest bruk, særlig for cannabis",
        "Kokain er det nest mest rapporterte rusmiddelet etter cannabis. Bruken har økt over flere år, men med en svak nedgang i 2025",
        "Etter cannabis og kokain er ecstasy/MDMA og amfetaminer",
    ):
        assert statement in text, statement
    rare = mm.use_bullets(facts[0])[-1]
    assert all(name in rare for name in ("LSD", "GHB", "heroin", "andre illegale rusmidler"))


def test_death_messages_of_the_spec(facts):
    text = " ".join(mm.death_bullets(facts[1]))
    for statement in (
        "I 2024 ble det registrert 342 narkotikautløste dødsfall i Norge – en nedgang fra 391 i 2023",
        "stigende trend siden 2012, både i antall dødsfall og i aldersstandardiserte rater",
        "Gjennomsnittsalderen ved dødsfallene var 45,7 år",
        "Flest dødsfall var i aldersgruppen 50–59 år (23\u00a0%), og 20\u00a0% av de døde var under 30 år",
        "75\u00a0% av dødsfallene var menn og 25\u00a0% kvinner. Kvinnene hadde høyere gjennomsnittsalder",
        "Opioider står for flest dødsfall, særlig andre opioider, etterfulgt av andre syntetiske opioider og metadon",
        "Heroin var i 2024 ikke lenger blant de tre vanligste",
    ):
        assert statement in text, statement


def test_messages_follow_altered_facts(facts):
    use, death = facts
    rising = replace(use, cocaine_change=0.4, cocaine_peak_year=2025)
    assert "og var høyest i 2025" in " ".join(mm.use_bullets(rising))
    flat = replace(use, trend_p=0.4)
    assert "Bruken har vært stabil over tid" in mm.use_bullets(flat)[0]
    unequal = replace(use, men_higher_all=False)
    assert "men ikke av alle" in mm.use_bullets(unequal)[1]
    more = replace(death, deaths=420, deaths_before=391)
    assert "en økning fra 391 i 2023" in mm.death_bullets(more)[0]
    heroin_back = replace(death, heroin_top3_now=True)
    assert "Heroin var blant de tre vanligste" in mm.death_bullets(heroin_back)[-1]
    never = replace(death, heroin_top3_before=False)
    assert "ikke blant de tre" in mm.death_bullets(never)[-1] and "lenger" not in mm.death_bullets(never)[-1]
    no_trend = replace(death, count_rising=False, rate_rising=False)
    assert "ingen signifikant stigende trend" in mm.death_bullets(no_trend)[0]
