"""Published figures the default data are built from, each with its source.

These numbers are real (copied from the pages named beside them); everything the generators
make from them is *derived* or *synthetic* and marked so in the files they write.
"""

from __future__ import annotations

# SSB, Folke- og boligtellingen 2011 (19 Nov 2011), table 2012-06-21-02: persons by age group.
CENSUS_2011 = {
    (0, 9): 611148,
    (10, 19): 637300,
    (20, 29): 650708,
    (30, 39): 677249,
    (40, 49): 723728,
    (50, 59): 627064,
    (60, 69): 533770,
    (70, 79): 296889,
    (80, 100): 222099,
}
CENSUS_DATE = 2011 + (365 - 42) / 365  # 19 November 2011 as a fraction of the year

# SSB population on 1 January (Norway).
POPULATION_1JAN = {2023: 5488984, 2024: 5550203, 2025: 5594340}
POPULATION_GROWTH_2024 = 44137  # SSB: growth during 2024; used to extrapolate 1 Jan 2026
# SSB, 1 January 2024 by age (the groups visible in the source).
POPULATION_2024_BY_AGE = {(0, 0): 52408, (1, 5): 281462, (6, 12): 440838, (13, 15): 204573}
# SSB live births.
BIRTHS = {2023: 51980, 2024: 54013}

# Prop. 127 S (2021–2022) table 3.1: 1 January 2022 population on the 2024 county borders.
COUNTY_POPULATION_2022 = {
    "Østfold": 304754,
    "Akershus": 701565,
    "Oslo": 699827,
    "Buskerud": 262911,
    "Innlandet": 371253,
    "Vestfold": 250862,
    "Telemark": 173970,
    "Agder": 311134,
    "Rogaland": 485797,
    "Vestland": 641292,
    "Møre og Romsdal": 265848,
    "Trøndelag": 474131,
    "Nordland": 240190,
    "Troms": 167607,
    "Finnmark": 74129,
}

# Drug-induced deaths per year, latest published value (FHI / Dødsårsaksregisteret via the
# sources in tests/reference/published_figures.csv); 2023 and 2024 from the 2025 report.
DEATHS_PUBLISHED = {
    2012: 246,
    2013: 234,
    2014: 266,
    2015: 288,
    2016: 284,
    2017: 249,
    2018: 289,
    2019: 275,
    2020: 331,
    2021: 241,
    2022: 321,
    2023: 391,
    2024: 342,
}
# Share of women (%) and mean age by sex, where published.
DEATHS_SHARE_WOMEN = {
    2013: 24,
    2014: 24,
    2015: 29,
    2016: 31,
    2017: 29,
    2018: 28,
    2019: 30,
    2020: 31,
    2021: 33,
    2022: 32,
    2023: 33,
}
DEATHS_MEAN_AGE = {  # year: (men, women)
    2016: (42.0, 49.0),
    2017: (40.9, 49.9),
    2018: (43.0, 48.0),
    2019: (42.3, 46.5),
    2020: (43.3, 47.6),
    2021: (42.5, 50.2),
    2022: (43.0, 49.4),
    2023: (43.0, 47.0),
}
