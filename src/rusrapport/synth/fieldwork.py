"""Survey fieldwork per year: gross sample, respondents, response, modes and fieldwork dates.

2025 is published (the 2025 report: 8 000 drawn, 16 ineligible, 4 614 respondents, 57.8 %
response, 26 % no contact, 28 April–6 July). Earlier years are derived: respondents are the
synthetic sample's counts and the gross sample follows the published average response of
about 60 % (2012–2017) and somewhat lower later.
"""

from __future__ import annotations

import pandas as pd

RESPONSE_RATE = {
    2013: 0.60,
    2014: 0.59,
    2015: 0.61,
    2016: 0.60,
    2017: 0.59,
    2018: 0.57,
    2019: 0.56,
    2020: 0.55,
    2021: 0.55,
    2022: 0.53,
    2023: 0.55,
    2024: 0.56,
}
PUBLISHED_2025 = {
    "gross_sample": 8000,
    "ineligible": 16,
    "respondents": 4614,
    "noncontact": 2080,  # 26 % of the gross sample
    "fieldwork_start": "2025-04-28",
    "fieldwork_end": "2025-07-06",
}


def fieldwork_table(survey: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for year, part in survey.groupby("year"):
        respondents = len(part)
        age_range = "16-64" if part["age"].max() <= 64 else "16-79"
        web = int((part["mode"] == "cawi").sum())
        if year == 2025:
            rows.append(
                {
                    "year": year,
                    **PUBLISHED_2025,
                    "web": web,
                    "phone": respondents - web,
                    "age_range": age_range,
                    "source": "real",
                }
            )
            continue
        rate = RESPONSE_RATE[year]
        net = round(respondents / rate)
        ineligible = round(net * 0.004)
        rows.append(
            {
                "year": year,
                "gross_sample": net + ineligible,
                "ineligible": ineligible,
                "respondents": respondents,
                "noncontact": round((net + ineligible) * 0.22),
                "fieldwork_start": f"{year}-{'09' if year == 2023 else '03'}-01",
                "fieldwork_end": f"{year}-{'12' if year == 2023 else '06'}-30",
                "web": web,
                "phone": respondents - web,
                "age_range": age_range,
                "source": "derived",
            }
        )
    frame = pd.DataFrame(rows)
    frame.loc[frame["year"] == 2023, "fieldwork_start"] = "2023-03-01"  # spring and autumn halves
    return frame
