"""Synthetic survey microdata 2013–2025, calibrated to the published figures.

Per year: a sample is drawn from the derived population with non-response that depends on
age, sex, education and region (so the raw sample is skewed), then weighted by raking to the
population margins of age × sex, education and region, as SSB weights the real survey. Drug
use is then assigned respondent by respondent: each cell (sex × age group) gets its share of
users by weighted quota, ordered by a latent propensity shared across substances (users of
one drug are more likely to have used another), and single respondents are switched until
every published figure comes out at the publication's rounding (see ``survey_targets``).
Nesting holds throughout: last 4 weeks ⊂ last 12 months ⊂ ever; follow-up questions only
for users; people aged 65+ were not asked about drugs before 2025.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from rusrapport.data.schema import (
    CANNABIS_DAYS_4W,
    CANNABIS_TIMES_12M,
    EDUCATION,
    MEASURES,
    SUBSTANCES,
)
from rusrapport.synth import survey_targets as T
from rusrapport.synth.calibrate import Window, fix_share, rake, select_share, subset_in_window

SAMPLE_SIZE = {
    2013: 1838,
    2014: 1802,
    2015: 1873,
    2016: 1790,
    2017: 1851,
    2018: 1816,
    2019: 1844,
    2020: 1795,
    2021: 1860,
    2022: 1657,
    2023: 3950,
    2024: 4350,
    2025: 4614,
}
CATI_SHARE = {2020: 0.6, 2021: 0.5, 2022: 0.45, 2023: 0.4, 2024: 0.35}  # telephone only before 2020
CATI_2025 = 1476  # 32 % of 4 614 by telephone, 68 % on the web (the 2025 report)
REGION_OF_COUNTY = {
    "Oslo": "oslo_akershus",
    "Akershus": "oslo_akershus",
    "Innlandet": "innlandet",
    "Østfold": "sor_ostlandet",
    "Buskerud": "sor_ostlandet",
    "Vestfold": "sor_ostlandet",
    "Telemark": "sor_ostlandet",
    "Agder": "agder_rogaland",
    "Rogaland": "agder_rogaland",
    "Vestland": "vestlandet",
    "Møre og Romsdal": "vestlandet",
    "Trøndelag": "trondelag",
    "Nordland": "nord_norge",
    "Troms": "nord_norge",
    "Finnmark": "nord_norge",
}
# Education by age (primary, upper secondary, tertiary short, tertiary long); an assumption
# in the shape of SSB's education statistics.
EDUCATION_BY_AGE = [
    (19, (0.85, 0.15, 0.0, 0.0)),
    (24, (0.25, 0.55, 0.18, 0.02)),
    (34, (0.18, 0.35, 0.30, 0.17)),
    (49, (0.17, 0.37, 0.29, 0.17)),
    (64, (0.22, 0.45, 0.23, 0.10)),
    (79, (0.30, 0.45, 0.18, 0.07)),
]
# Response propensities (relative): who answers surveys less often.
RESPONSE_EDUCATION = {"primary": 0.7, "upper_secondary": 0.95, "tertiary_short": 1.1, "tertiary_long": 1.25}
RESPONSE_REGION = {"oslo_akershus": 0.9, "nord_norge": 1.05}
RAKING_AGES = [(16, 19), (20, 24), (25, 34), (35, 44), (45, 54), (55, 64), (65, 79)]
LATENT_CORRELATION = 0.6


def response_propensity(age: np.ndarray, male: np.ndarray) -> np.ndarray:
    """Young people and men answer less often (a skew the weights must undo)."""
    return np.interp(age, [16, 25, 40, 60, 79], [0.55, 0.6, 0.85, 1.1, 1.0]) * np.where(male, 0.88, 1.0)


def age_group(age: np.ndarray) -> np.ndarray:
    return np.select(
        [age <= 20, age <= 25, age <= 30, age <= 44, age <= 64],
        list(T.AGE_GROUPS),
        default="65-79",
    )


def _education_shares(age: np.ndarray) -> np.ndarray:
    rows = np.array([shares for _, shares in EDUCATION_BY_AGE])
    index = np.searchsorted([top for top, _ in EDUCATION_BY_AGE], age)
    return rows[np.minimum(index, len(rows) - 1)]


def _population_cells(population: pd.DataFrame, year: int, top_age: int) -> pd.DataFrame:
    """Persons by single year of age 16..top_age, sex and region for one year (spread in bands)."""
    pop = population[population["year"] == min(year, population["year"].max())].copy()
    pop["region"] = pop["county"].map(REGION_OF_COUNTY)
    low = pop["age"].str.extract(r"^(\d+)")[0].astype(int)
    rows = []
    for (band_low, sex, region), persons in pop.groupby([low, "sex", "region"])["persons"].sum().items():
        for age in range(band_low, band_low + 5):
            if 16 <= age <= top_age:
                rows.append((age, sex, region, persons / 5))
    return pd.DataFrame(rows, columns=["age", "sex", "region", "persons"])


def _draw_sample(year: int, cells: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    n = SAMPLE_SIZE[year]
    male = (cells["sex"] == "male").to_numpy()
    propensity = response_propensity(cells["age"].to_numpy(), male)
    propensity *= cells["region"].map(lambda r: RESPONSE_REGION.get(r, 1.0)).to_numpy()
    p = cells["persons"].to_numpy() * propensity
    pick = rng.choice(len(cells), size=n, p=p / p.sum())
    sample = cells.iloc[pick][["age", "sex", "region"]].reset_index(drop=True)
    shares = _education_shares(sample["age"].to_numpy()) * np.array(
        [RESPONSE_EDUCATION[e] for e in EDUCATION]
    )
    shares /= shares.sum(axis=1, keepdims=True)
    draws = rng.random(n)[:, None] > np.cumsum(shares, axis=1)
    sample["education"] = np.asarray(EDUCATION)[draws.sum(axis=1)]
    return sample


def _weights(sample: pd.DataFrame, cells: pd.DataFrame) -> np.ndarray:
    """Rake to population margins: age group × sex, education, region; mean weight 1."""

    def raking_group(age: pd.Series) -> pd.Series:
        bins = [lo - 0.5 for lo, _ in RAKING_AGES] + [RAKING_AGES[-1][1] + 0.5]
        return pd.cut(age, bins, labels=[f"{lo}-{hi}" for lo, hi in RAKING_AGES]).astype(str)

    frame = sample.assign(agesex=raking_group(sample["age"]) + "|" + sample["sex"])
    cells = cells.assign(agesex=raking_group(cells["age"]) + "|" + cells["sex"])
    edu_pop = pd.Series(
        (_education_shares(cells["age"].to_numpy()) * cells["persons"].to_numpy()[:, None]).sum(axis=0),
        index=list(EDUCATION),
    )
    margins = {
        "agesex": cells.groupby("agesex")["persons"].sum(),
        "education": edu_pop[edu_pop > 0],
        "region": cells.groupby("region")["persons"].sum(),
    }
    weights = rake(frame, margins)
    return np.round(weights / weights.mean(), 6)


def _target(substance: str, measure: str, ages: str, sex: str, year: int) -> float | None:
    i = T.YEARS.index(year)
    series = T.SERIES.get((substance, measure, ages, sex))
    if series is not None:
        return series[i]
    both = T.SERIES.get((substance, measure, ages, "all"))
    if both is not None:
        return both[i] * (T.MALE_FACTOR if sex == "male" else T.FEMALE_FACTOR)
    return None


def _window(substance: str, measure: str, ages: str, sex: str, year: int) -> tuple[float, float] | None:
    if (substance, measure, ages, sex, year) in T.WINDOWS:
        lo, hi = T.WINDOWS[(substance, measure, ages, sex, year)]
        return lo / 100, hi / 100
    value = _target(substance, measure, ages, sex, year) if sex != "all" else None
    if value is None:
        return None
    return max(value - T.SOFT_WINDOW, 0) / 100, (value + T.SOFT_WINDOW) / 100


class YearSurvey:
    """Assigns the drug-use answers of one year's respondents."""

    def __init__(self, frame: pd.DataFrame, year: int, rng: np.random.Generator):
        self.frame = frame
        self.year = year
        self.rng = rng
        self.w = frame["weight"].to_numpy()
        self.age = frame["age"].to_numpy()
        self.group = age_group(self.age)
        self.male = (frame["sex"] == "male").to_numpy()
        self.asked = (self.age <= 64) | (year >= 2025)
        self.latent = rng.normal(size=len(frame))
        self.answers: dict[str, np.ndarray] = {}

    def mask(self, ages: str, sex: str) -> np.ndarray:
        span = {"16-64": self.age <= 64, "16-30": self.age <= 30}[ages]
        sexes = {"male": self.male, "female": ~self.male, "all": np.ones_like(self.male)}[sex]
        return span & sexes & self.answered

    def score(self) -> np.ndarray:
        noise = self.rng.normal(size=len(self.frame))
        return LATENT_CORRELATION * self.latent + np.sqrt(1 - LATENT_CORRELATION**2) * noise

    def cell_targets(self, substance: str, measure: str) -> dict[tuple[str, str], float]:
        """Share of users per (sex, age group) so that the young and all-ages series hold."""
        out: dict[tuple[str, str], float] = {}
        pattern = T.AGE_PATTERN[measure]
        for sex in ("male", "female"):
            is_sex = self.male if sex == "male" else ~self.male
            base = is_sex & self.answered
            whole = _target(substance, measure, "16-64", sex, self.year)
            young = _target(substance, measure, "16-30", sex, self.year)
            if whole is None:  # recent use derived from lifetime use
                share12, share4 = T.RECENT_SHARE[substance]
                ever = self.cell_targets(substance, "ever")
                factor = share12 if measure == "12m" else share12 * share4
                for ag in T.AGE_GROUPS:
                    boost = T.YOUNG_RECENT_BOOST if ag in T.YOUNG else 1.0
                    out[(sex, ag)] = ever[(sex, ag)] * factor * boost
                out[(sex, "65-79")] = T.OLDEST_OTHER * factor
                continue
            if young is None:
                young = whole * {"lsd": 1.2, "heroin": 0.6}.get(substance, 1.0)
            weights = {ag: self.w[base & (self.group == ag)].sum() for ag in T.AGE_GROUPS}
            shape = (
                {**pattern, **T.AGE_PATTERN_OVERRIDES.get((self.year, sex, measure), {})}
                if substance == "cannabis"
                else pattern
            )
            young_w = sum(weights[a] for a in T.YOUNG)
            old_w = sum(weights[a] for a in T.OLD)
            young_norm = sum(weights[a] * shape[a] for a in T.YOUNG) / young_w
            old_level = (whole * (young_w + old_w) - young * young_w) / old_w
            old_norm = sum(weights[a] * shape[a] for a in T.OLD) / old_w
            for ag in T.YOUNG:
                out[(sex, ag)] = young * shape[ag] / young_norm / 100
            for ag in T.OLD:
                out[(sex, ag)] = max(old_level, 0.0) * shape[ag] / old_norm / 100
            oldest = T.OLDEST_PREVALENCE[measure] if substance == "cannabis" else T.OLDEST_OTHER
            out[(sex, "65-79")] = oldest if measure == "ever" else oldest * 0.1
        return out

    def assign(
        self,
        substance: str,
        measure: str,
        within: np.ndarray | None,
        *,
        forced: np.ndarray | None = None,
        can_remove: Callable[[np.ndarray], np.ndarray] | None = None,
    ) -> np.ndarray:
        """Users of one substance/measure: cell quotas, then the published windows.

        ``within`` limits users to a set (12-month users among ever-users); ``forced`` are users
        from the start, who stay unless ``can_remove`` allows otherwise.
        """
        selected = np.zeros(len(self.frame), dtype=bool) if forced is None else forced.copy()
        eligible = self.answered if within is None else within & self.answered
        scores = self.score()
        for (sex, ag), share in self.cell_targets(substance, measure).items():
            cell = self.answered & (self.group == ag) & (self.male if sex == "male" else ~self.male)
            if not cell.any():
                continue
            candidates = np.flatnonzero(cell & eligible)
            chosen = select_share(candidates, scores, self.w, self.w[cell].sum(), share)
            selected[chosen] = True
        windows = self.windows(substance, measure)
        removable = can_remove or (lambda s: np.ones_like(s))
        return fix_share(selected, self.w, windows, can_add=lambda s: eligible, can_remove=removable)

    def windows(self, substance: str, measure: str) -> list[Window]:
        out = []
        order = [
            ("16-30", "male"),
            ("16-30", "female"),
            ("16-30", "all"),
            ("16-64", "male"),
            ("16-64", "female"),
            ("16-64", "all"),
        ]
        for ages, sex in order:
            bounds = _window(substance, measure, ages, sex, self.year)
            if bounds is None:
                continue
            group = self.mask(ages, sex)
            movable = group & (self.age > 30) if ages == "16-64" else group
            out.append(
                Window(
                    f"{self.year} {substance} {measure} {ages} {sex}", group, bounds[0], bounds[1], movable
                )
            )
        return out


def _assign_year(frame: pd.DataFrame, year: int, rng: np.random.Generator) -> pd.DataFrame:
    ys = YearSurvey(frame, year, rng)
    n = len(frame)
    skipped = rng.random(n) < 0.004  # item non-response: a whole block left unanswered
    ys.answered = ys.asked & ~skipped
    out = {}
    for substance in ("cannabis", "lsd", "ghb", "heroin", "other"):
        ever = ys.assign(substance, "ever", None)
        m12 = ys.assign(substance, "12m", ever)
        w4 = ys.assign(substance, "4w", m12)
        out.update({f"{substance}_ever": ever, f"{substance}_12m": m12, f"{substance}_4w": w4})
    out.update(_stimulants(ys))
    result = frame.copy()
    for substance in SUBSTANCES:
        for measure in MEASURES:
            values = out[f"{substance}_{measure}"].astype(float)
            result[f"{substance}_{measure}"] = np.where(ys.answered, values, np.nan)
    return result


def _stimulants(ys: YearSurvey) -> dict[str, np.ndarray]:
    """Any stimulant first; cocaine within it; ecstasy/MDMA and amphetamines cover the rest."""
    n = len(ys.frame)
    anyone = ys.assign("any_stimulant", "ever", None)
    cocaine = ys.assign("cocaine", "ever", anyone)
    rest = anyone & ~cocaine  # each of these used ecstasy/MDMA, amphetamines or both
    draw = ys.rng.random(n)
    forced_mdma, forced_amph = rest & (draw < 0.6), rest & (draw >= 0.4)
    mdma = ys.assign("mdma", "ever", anyone, forced=forced_mdma, can_remove=lambda s: cocaine | forced_amph)
    amph = ys.assign("amphetamines", "ever", anyone, forced=forced_amph, can_remove=lambda s: cocaine | mdma)
    if not np.array_equal(anyone, cocaine | mdma | amph):
        raise RuntimeError(f"{ys.year}: any-stimulant users are not covered by the three substances")
    out = {"cocaine_ever": cocaine, "mdma_ever": mdma, "amphetamines_ever": amph}
    for substance, ever in (("cocaine", cocaine), ("mdma", mdma), ("amphetamines", amph)):
        out[f"{substance}_12m"] = m12 = ys.assign(substance, "12m", ever)
        out[f"{substance}_4w"] = ys.assign(substance, "4w", m12)
    return out


# Cannabis follow-up questions, 2025 (shares of users, weighted, 16-64): most used 1-5 times
# (more women than men), 50+ times the next most common (more men); of last-4-week users about
# 40 % used 1-3 days and about 25 % 20 days or more, in 16-64 and 16-30 alike.
TIMES_SHARES = {"male": (0.55, 0.10, 0.08, 0.08, 0.19), "female": (0.70, 0.09, 0.07, 0.05, 0.09)}
DAYS_SHARES = (0.40, 0.22, 0.13, 0.25)
DAYS_WINDOWS = {"1-3": (0.3955, 0.4045), "20+": (0.2455, 0.2545)}


def _categorical(n: int, shares, rng: np.random.Generator, categories) -> np.ndarray:
    return np.asarray(categories)[rng.choice(len(categories), size=n, p=np.asarray(shares) / np.sum(shares))]


def _banded(
    weights: np.ndarray, young: np.ndarray, fixed: dict[str, tuple[float, float]], rest: dict[str, float], rng
) -> np.ndarray:
    """Bands for one group of users: the ``fixed`` bands get weighted shares inside their windows
    both among the young (if any are marked) and overall; the other users are spread over ``rest``."""
    codes = np.full(weights.size, None, dtype=object)
    total = weights.sum()
    for band, (lo, hi) in fixed.items():
        open_ = codes == None  # noqa: E711 - element-wise test on an object array
        picked = np.zeros(weights.size, dtype=bool)
        if young.any():
            y = open_ & young
            wy = weights[young].sum()
            picked[np.flatnonzero(y)[subset_in_window(weights[y] / wy, lo, hi, rng)]] = True
        taken = weights[picked].sum() / total
        old = open_ & ~young
        picked[np.flatnonzero(old)[subset_in_window(weights[old] / total, lo - taken, hi - taken, rng)]] = (
            True
        )
        codes[picked] = band
    left = codes == None  # noqa: E711
    codes[left] = _categorical(int(left.sum()), list(rest.values()), rng, list(rest))
    return codes


def _follow_ups(frame: pd.DataFrame, year: int, rng: np.random.Generator) -> pd.DataFrame:
    frame = frame.copy()
    w = frame["weight"].to_numpy()
    age = frame["age"].to_numpy()
    users12 = (frame["cannabis_12m"] == 1).to_numpy()
    users4 = (frame["cannabis_4w"] == 1).to_numpy()
    times = np.full(len(frame), None, dtype=object)
    for sex, shares in TIMES_SHARES.items():
        group = users12 & (frame["sex"] == sex).to_numpy()
        times[group] = _categorical(int(group.sum()), shares, rng, CANNABIS_TIMES_12M)
    days = np.full(len(frame), None, dtype=object)
    days[users4] = _categorical(int(users4.sum()), DAYS_SHARES, rng, CANNABIS_DAYS_4W)
    if year == 2025:  # the published shares, exactly as rounded (16-64)
        for sex, shares in TIMES_SHARES.items():
            group = users12 & (age <= 64) & (frame["sex"] == sex).to_numpy()
            fixed = {"1-5": (shares[0] - 0.01, shares[0] + 0.01), "50+": (shares[4] - 0.01, shares[4] + 0.01)}
            middle = dict(zip(CANNABIS_TIMES_12M[1:4], shares[1:4], strict=True))
            times[group] = _banded(w[group], np.zeros(group.sum(), bool), fixed, middle, rng)
        group = users4 & (age <= 64)
        middle = dict(zip(CANNABIS_DAYS_4W[1:3], DAYS_SHARES[1:3], strict=True))
        days[group] = _banded(w[group], age[group] <= 30, DAYS_WINDOWS, middle, rng)
    frame["cannabis_times_12m"] = times
    frame["cannabis_days_4w"] = days
    frame["cannabis_debut_age"] = _debut_ages(frame, year, rng)
    return frame


def _debut_ages(frame: pd.DataFrame, year: int, rng: np.random.Generator) -> np.ndarray:
    """Age at first use: mode 18, mean about 20 in 2025 (19 in earlier years), never above age."""
    ever = (frame["cannabis_ever"] == 1).to_numpy()
    age = frame["age"].to_numpy()
    debut = np.full(len(frame), np.nan)
    raw = 13 + rng.gamma(shape=3.4, scale=2.05 if year >= 2023 else 1.8, size=ever.sum())
    raw = np.rint(np.where(rng.random(ever.sum()) < 0.16, 18, raw))  # a clear peak at 18
    debut[ever] = np.clip(raw, 12, age[ever])
    if year == 2025:
        working = np.flatnonzero(ever & (age <= 64))
        debut[working] = np.clip(debut[working], 12, 58)
        debut[working[np.argmin(age[working])]] = 11  # youngest debut in the report: 11
        debut[working[np.argmax(age[working])]] = 59  # oldest: 59 (an older respondent)
        w = frame["weight"].to_numpy()[working]
        values = debut[working]
        movable = np.flatnonzero((values > 12) & (values < 40) & (values != 18))
        while np.average(values, weights=w) >= 20.15:
            k = rng.choice(movable)
            values[k] -= 1 if values[k] - 1 != 18 else 2
        while np.average(values, weights=w) < 19.85:
            k = rng.choice(movable)
            if values[k] + 1 <= age[working][k] and values[k] + 1 != 18:
                values[k] += 1
        debut[working] = values
    return debut


def _young_12m_by_age(sample: pd.DataFrame) -> dict[tuple[str, str], float]:
    young = sample[(sample["age"] <= 30) & sample["cannabis_12m"].notna()]
    groups = age_group(young["age"].to_numpy())
    out = {}
    for (ag, sex), part in young.groupby([groups, "sex"]):
        out[(ag, sex)] = float(np.average(part["cannabis_12m"], weights=part["weight"]))
    return out


def patterns_hold(sample: pd.DataFrame, year: int) -> bool:
    """The report's statements about young adults that random draws could upset: women report
    more 12-month cannabis use than men in an age group only in 2025 and only among 21-25,
    and in 2025 the 21-25-year-olds report the highest use."""
    shares = _young_12m_by_age(sample)
    for ag in T.YOUNG:
        women_higher = shares[(ag, "female")] > shares[(ag, "male")]
        if women_higher != (year == 2025 and ag == "21-25"):
            return False
    if year == 2025:
        both = {ag: (shares[(ag, "male")] + shares[(ag, "female")]) / 2 for ag in T.YOUNG}
        return max(both, key=both.get) == "21-25"
    return True


def _year(population: pd.DataFrame, year: int, seed: int) -> pd.DataFrame:
    """One year's respondents; redrawn (with the next seed) until the stated patterns hold."""
    top_age = 64 if year < 2023 else 79
    cells = _population_cells(population, year, top_age)
    for attempt in range(50):
        rng = np.random.default_rng([seed, year, attempt])
        sample = _draw_sample(year, cells, rng)
        sample["weight"] = _weights(sample, cells)
        sample["year"] = year
        sample = _assign_year(sample, year, rng)
        if patterns_hold(sample, year):
            break
    else:
        raise RuntimeError(f"{year}: no draw kept the young-adult patterns")
    sample = _follow_ups(sample, year, rng)
    sample["mode"] = _modes(year, len(sample), rng)
    sample["season"] = np.where((year == 2023) & (rng.random(len(sample)) < 0.5), "autumn", "spring")
    return sample


def survey_microdata(population: pd.DataFrame, seed: int) -> pd.DataFrame:
    """The default survey file: every year's respondents in the survey contract."""
    frame = pd.concat([_year(population, year, seed) for year in T.YEARS], ignore_index=True)
    frame.insert(0, "respondent_id", [f"{y}{i:05d}" for i, y in enumerate(frame["year"], start=1)])
    columns = ["respondent_id", "year", "sex", "age", "education", "region", "weight", "mode", "season"]
    columns += [f"{s}_{m}" for s in SUBSTANCES for m in MEASURES]
    columns += ["cannabis_times_12m", "cannabis_days_4w", "cannabis_debut_age"]
    return frame[columns]


def _modes(year: int, n: int, rng: np.random.Generator) -> np.ndarray:
    if year == 2025:
        return rng.permutation(np.array(["cati"] * CATI_2025 + ["cawi"] * (n - CATI_2025)))
    share = CATI_SHARE.get(year, 1.0 if year < 2020 else 0.35)
    return np.where(rng.random(n) < share, "cati", "cawi")
