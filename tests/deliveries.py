"""Realistic deliveries made from the default data, as the real files arrive.

* The survey in SSB's 2025 fixed-width layout (positions, names and value labels of the 2025
  infix script ``rus2025_fhi_hdir.do`` in github.com/folkehelsestats/rusus) with an infix script,
  one file per year, routed answers system-missing (blank), refusals and don't-knows as 8/9 (98/99
  for the age at first use), weights as text with a decimal comma, a few respondents who report
  the fictitious control drug Relevin, and 2024 coded differently (``Kjonn`` 0 male / 1 female).
  Fields the 2025 layout lacks but the contract needs (interview mode, season, the 4-week
  question for drugs other than cannabis, the times-used bands) are appended after position 558.
* A register-style death extract: Latin-1, semicolons, dates of death and birth, municipality
  numbers valid in the year of death, diagnoses in wide columns, half of them without dots.

Everything is generated from whatever default data is in ``data/``; nothing is hard-coded to
its values, so the fixtures follow the default data when it is recalibrated.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from rusrapport.data.regions import counties_in_use, municipalities
from rusrapport.data.schema import COUNTIES, SUBSTANCES

ROOT = Path(__file__).resolve().parents[1]
YES_NO = {1: "Ja", 2: "Nei", 8: "Vil ikke svare", 9: "Vet ikke"}
# Contract substance -> (ever, 12 months) field of the 2025 layout; 4 weeks for cannabis is Can10.
DRUG_FIELDS = {
    "cannabis": ("Can1", "Can6", "Can10"),
    "cocaine": ("Ans2_a", "Ans3_1", "Ans4_1"),
    "mdma": ("Ans2_b", "Ans3_2", "Ans4_2"),
    "amphetamines": ("Ans2_c", "Ans3_3", "Ans4_3"),
    "heroin": ("Ans2_e", "Ans3_5", "Ans4_5"),
    "ghb": ("Ans2_f", "Ans3_6", "Ans4_6"),
    "lsd": ("Ans2_g", "Ans3_7", "Ans4_7"),
    "other": ("Ans2_h", "Ans3_8", "Ans4_8"),
}
REGION_COUNTY = {  # one 2024 county number per landsdel, written in fylke_2025
    "oslo_akershus": "03",
    "innlandet": "34",
    "sor_ostlandet": "33",
    "agder_rogaland": "42",
    "vestlandet": "46",
    "trondelag": "50",
    "nord_norge": "18",
}
LANDSDEL_2025 = {"03": 1, "34": 2, "33": 3, "42": 3, "46": 4, "50": 5, "18": 6}
EDUCATION = {"primary": 1, "upper_secondary": 2, "tertiary_short": 3, "tertiary_long": 4}
TIMES = {"1-5": 1, "6-10": 2, "11-20": 3, "21-49": 4, "50+": 5}
DAYS = {"20+": 1, "10-19": 2, "4-9": 3, "1-3": 4}


@dataclass(frozen=True)
class F:
    name: str
    start: int
    end: int
    text: bool = False


# Positions of the 2025 script, then the fixture's own fields after its last position (558).
LAYOUT = (
    F("Kjonn", 1, 1, True),
    F("Alder", 2, 4),
    F("Can1", 275, 275),
    F("Can3", 277, 278),
    F("Can6", 281, 281),
    F("Can9", 389, 389),
    F("Can10", 390, 390),
    F("Can11", 391, 391),
    *(F(f"Ans2_{c}", 446 + i, 446 + i) for i, c in enumerate("abcdefgxyh")),
    *(F(f"Ans3_{c}", 456 + i, 456 + i) for i, c in enumerate("1234567xy8")),
    F("lopenr", 521, 524),
    F("fylke_2025", 526, 529, True),
    F("landsdel_2025", 530, 530),
    F("Utdann_4gr", 541, 541),
    F("vekt", 542, 557, True),
    F("intmetode", 559, 559),
    F("sesong", 560, 560),
    F("Can9x", 561, 561),
    *(F(f"Ans4_{c}", 562 + i, 562 + i) for i, c in enumerate("1235678")),
)


def labels(year: int) -> dict[str, dict[int, str]]:
    yes_no = {f: YES_NO for fields in DRUG_FIELDS.values() for f in fields} | {
        "Ans2_d": YES_NO,
        "Ans3_4": YES_NO,
    }
    out: dict[str, dict[int, str]] = {
        **yes_no,
        "Can11": {
            1: "20 dager eller mer",
            2: "10-19 dager",
            3: "4-9 dager",
            4: "1-3 dager",
            8: "Vil ikke svare",
        },
        "Can9": {1: "1-5 ganger", 2: "6-10 ganger", 3: "11-50 ganger", 4: "Mer enn 50 ganger"},
        "Utdann_4gr": {
            1: "Grunnskole",
            2: "Videregående skole",
            3: "Universitet-og høyskole",
            4: "Høyere nivå",
        },
    }
    if year == 2024:
        out["Kjonn"] = {0: "Male", 1: "Female"}
    return out


def infix_script(year: int) -> str:
    """A Stata infix script in SSB's form (continuation lines, ``str`` types, value labels)."""
    lines = ["/* STATA infix-setning for innlesing av den sekvensielle filen. */", "", "clear", "infix ///"]
    for f in LAYOUT:
        kind = f"str{f.end - f.start + 1}" if f.text else ""
        lines.append(f"    {kind:>5} {f.name:<18} {f.start:>5} - {f.end:>5} ///")
    lines.append(f'using "O:\\Prosjekt\\Rusus_{year}\\rus{year}.asc"')
    lines.append("")
    for name, table in labels(year).items():
        lines.append(f"label define {name:<16} ///")
        pairs = [f'            {code}  "{text}"' for code, text in table.items()]
        lines.append("    ///\n".join(pairs))
        lines.append(f"label values {name:<16} {name}")
        lines.append("")
    return "\n".join(lines) + "\n"


def _answers(values: pd.Series, gate: pd.Series | None, asked: pd.Series, seed: int) -> pd.Series:
    """1 yes / 2 no; blank when routed out (gate 0) or not asked; 8/9 for no answer."""
    out = pd.Series("", index=values.index, dtype=object)
    out[values == 1] = "1"
    no = values == 0
    out[no & ((gate != 0) if gate is not None else True)] = "2"  # asked and said no
    unanswered = values.isna() & asked & ((gate == 1) if gate is not None else True)
    out[unanswered] = np.where((np.arange(len(out)) + seed) % 2 == 0, "8", "9")[unanswered.to_numpy()]
    routed_na = values.isna() & (gate == 0) if gate is not None else pd.Series(False, index=values.index)
    assert not routed_na.any(), (
        "default survey has an empty answer whose gate question is 0: not representable"
    )
    return out


def survey_year(frame: pd.DataFrame, year: int, relevin_users: int) -> pd.DataFrame:
    """The fields of one year's file, as text, plus ``relevin_users`` extra respondents who report
    the control drug (copies of real rows with new numbers, to be excluded again)."""
    f = frame.reset_index(drop=True)
    asked = f[[f"{s}_{m}" for s in SUBSTANCES for m in ("ever", "12m", "4w")]].notna().any(axis=1)
    sex = f["sex"].map({"male": "0", "female": "1"} if year == 2024 else {"male": "1", "female": "2"})
    out = pd.DataFrame(
        {
            "Kjonn": sex,
            "Alder": f["age"].astype(int).astype(str),
            "lopenr": (np.arange(len(f)) + 1).astype(str),
            "fylke_2025": f["region"].map(REGION_COUNTY),
            "landsdel_2025": f["region"].map(REGION_COUNTY).map(LANDSDEL_2025).astype(str),
            "Utdann_4gr": f["education"].map(EDUCATION).map(lambda v: "" if pd.isna(v) else str(int(v))),
            "vekt": f["weight"].map(lambda w: repr(float(w)).replace(".", ",")),
            "intmetode": f["mode"].map({"cawi": "1", "cati": "2"}),
            "sesong": f["season"].map({"spring": "1", "autumn": "2"}).fillna(""),
        }
    )
    assert out["vekt"].str.len().max() <= 16, "a default weight has more digits than SSB's 16-character field"
    for i, (s, (ever, m12, w4)) in enumerate(DRUG_FIELDS.items()):
        e, t, w = (f[f"{s}_{m}"] for m in ("ever", "12m", "4w"))
        out[ever] = _answers(e, None, asked, i)
        out[m12] = _answers(t, e, asked, i + 1)
        out[w4] = _answers(w, t, asked, i)
    debut = f["cannabis_debut_age"]
    no_debut = debut.isna() & (f["cannabis_ever"] == 1)
    out["Can3"] = debut.map(lambda v: "" if pd.isna(v) else str(int(v)))
    out.loc[no_debut, "Can3"] = np.where(np.arange(int(no_debut.sum())) % 2 == 0, "98", "99")
    out["Can9x"] = f["cannabis_times_12m"].map(TIMES).map(lambda v: "" if pd.isna(v) else str(int(v)))
    out["Can9"] = out["Can9x"].map({"1": "1", "2": "2", "3": "3", "4": "3", "5": "4", "": ""})
    out["Can11"] = f["cannabis_days_4w"].map(DAYS).map(lambda v: "" if pd.isna(v) else str(int(v)))
    out["Ans2_d"] = np.where(asked, "2", "")
    out["Ans3_4"] = ""  # routed: nobody said yes to Ans2_d
    if relevin_users:
        extra = out[asked].head(relevin_users).copy()
        extra["lopenr"] = (9000 + np.arange(len(extra))).astype(str)
        extra["Ans2_d"] = "1"
        extra["Ans3_4"] = ["1", "2"] * (len(extra) // 2) + ["1"] * (len(extra) % 2)
        out = pd.concat([out, extra], ignore_index=True)
    for name in ("Can10",):
        out[name] = out[name]
    return out


def write_fixed_width(fields: pd.DataFrame, path: Path) -> None:
    width = max(f.end for f in LAYOUT)
    chars = np.full((len(fields), width), b" ", dtype="S1")
    for f in LAYOUT:
        size = f.end - f.start + 1
        values = (
            fields[f.name].fillna("").astype(str) if f.name in fields else pd.Series("", index=fields.index)
        )
        cells = values.map(
            lambda v, n=size, left=f.text: (v.ljust(n) if left else v.rjust(n)).encode("latin-1")
        )
        assert cells.map(len).max() == size, f"{f.name} does not fit its {size} positions"
        block = np.frombuffer(b"".join(cells), dtype="S1").reshape(len(fields), size)
        chars[:, f.start - 1 : f.end] = block
    path.write_bytes(b"\r\n".join(row.tobytes() for row in chars) + b"\r\n")


FIXTURE_MAPPING = """\
# The fixture's own fields (after position 558) on top of the shipped 2025 example mapping.
extends = "rus2025.toml"

[columns]
mode = "intmetode"
season = "sesong"
cannabis_times_12m = "Can9x"
cocaine_4w = "Ans4_1"
mdma_4w = "Ans4_2"
amphetamines_4w = "Ans4_3"
heroin_4w = "Ans4_5"
ghb_4w = "Ans4_6"
lsd_4w = "Ans4_7"
other_4w = "Ans4_8"

[recode.mode]
1 = "cawi"
2 = "cati"

[recode.season]
1 = "spring"
2 = "autumn"

[recode.cannabis_times_12m]
1 = "1-5"
2 = "6-10"
3 = "11-20"
4 = "21-49"
5 = "50+"
"""

MAPPING_2024 = """\
# 2024 was delivered with Kjonn coded 0 male / 1 female; everything else as 2025.
extends = "fixture2025.toml"

[read]
infix = "rus2024.do"

[recode.sex]
"Male" = "male"
"Female" = "female"
"""

ROUTING_REMOVED = ("[routing]", '"*_12m" = "0 where *_ever == 0"', '"*_4w" = "0 where *_12m == 0"')


def write_survey_delivery(survey: pd.DataFrame, folder: Path, relevin: dict[int, int] | None = None) -> Path:
    """Yearly fixed-width files, infix scripts, mappings and the delivery file that lists them."""
    folder.mkdir(parents=True, exist_ok=True)
    relevin = relevin if relevin is not None else {2013: 3, 2025: 5}
    (folder / "rus2025.toml").write_text(
        (ROOT / "data" / "rus2025.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (folder / "fixture2025.toml").write_text(FIXTURE_MAPPING, encoding="utf-8")
    (folder / "rus2024.toml").write_text(MAPPING_2024, encoding="utf-8")
    (folder / "rus2025_fhi_hdir.do").write_text(infix_script(2025), encoding="utf-8")
    (folder / "rus2024.do").write_text(infix_script(2024), encoding="cp1252")
    entries = []
    for year, frame in survey.groupby("year", sort=True):
        name = f"rus{year}.asc"
        write_fixed_width(survey_year(frame, int(year), relevin.get(int(year), 0)), folder / name)
        mapping = "rus2024.toml" if year == 2024 else "fixture2025.toml"
        entries.append(f'[[files]]\npath = "{name}"\nmapping = "{mapping}"\nyear = {year}\n')
    delivery = folder / "rusus.toml"
    delivery.write_text(
        "# One file per survey year, each with its mapping.\n\n" + "\n".join(entries), encoding="utf-8"
    )
    return delivery


def municipality_for(county: str, year: int, k: int) -> str:
    """A municipality number valid in ``year`` that lies in 2024 county ``county``."""
    table = municipalities()
    number = next(n for n, name in COUNTIES.items() if name == county)
    start, end = table["valid_from"].fillna(0), table["valid_to"].fillna(9999)
    valid = table[
        (start <= year)
        & (end >= year)
        & table["code"].str[:2].isin(counties_in_use(year))
        & (table["county_2024"] == number)
    ]
    return valid["code"].iloc[k % len(valid)]


DEATHS_MAPPING = """\
[read]
encoding = "latin-1"
delimiter = ";"

[columns]
death_id = "LOPENR"
sex = "KJONN"
date_of_death = "DODSDATO"
date_of_birth = "FODSDATO"
municipality = "KOMMNR"
underlying_cause = "UNDERLIGGENDE"
autopsy = "OBDUKSJON"

[combine]
t_codes = [{diags}]

[recode.sex]
1 = "male"
2 = "female"
"""


def write_death_extract(deaths: pd.DataFrame, folder: Path) -> tuple[Path, Path]:
    """A register-style extract of the default death records and its mapping."""
    folder.mkdir(parents=True, exist_ok=True)
    d = deaths.reset_index(drop=True)
    codes = d["t_codes"].fillna("").map(lambda t: [c for c in t.split(";") if c])
    width = max(1, int(codes.map(len).max()))
    k = np.arange(len(d))
    death_month, death_day = k % 12 + 1, k % 28 + 1
    later_birthday = k % 3 == 0  # birthday after the date of death: born a year earlier
    birth_month = np.where(
        later_birthday & (death_month < 12), death_month + 1, np.maximum(death_month - (k % 2), 1)
    )
    birth_day = np.where(later_birthday & (death_month < 12), 1, np.minimum(death_day, 28))
    birth_year = d["year"] - d["age"] - np.where(later_birthday & (death_month < 12), 1, 0)
    dot = k % 2 == 0
    extract = pd.DataFrame(
        {
            "LOPENR": d["death_id"],
            "KJONN": d["sex"].map({"male": 1, "female": 2}),
            "DODSDATO": [
                f"{dd:02d}.{mm:02d}.{y}" for dd, mm, y in zip(death_day, death_month, d["year"], strict=True)
            ],
            "FODSDATO": [
                f"{y}{mm:02d}{dd:02d}" for y, mm, dd in zip(birth_year, birth_month, birth_day, strict=True)
            ],
            "KOMMNR": [
                municipality_for(c, int(y), i)
                for i, (c, y) in enumerate(zip(d["county"], d["year"], strict=True))
            ],
            "UNDERLIGGENDE": [
                c if keep else c.replace(".", "") for c, keep in zip(d["underlying_cause"], dot, strict=True)
            ],
            "OBDUKSJON": d["autopsy"].map({"ja": "J", "nei": "N"}).fillna(d["autopsy"]),
        }
    )
    for i in range(width):
        extract[f"DIAG{i + 1}"] = [
            (cs[i] if keep else cs[i].replace(".", "")) if i < len(cs) else ""
            for cs, keep in zip(codes, dot, strict=True)
        ]
    path = folder / "dodsarsak.csv"
    extract.to_csv(path, sep=";", index=False, encoding="latin-1")
    mapping = folder / "dodsarsak.toml"
    diags = ", ".join(f'"DIAG{i + 1}"' for i in range(width))
    mapping.write_text(DEATHS_MAPPING.format(diags=diags), encoding="utf-8")
    return path, mapping
