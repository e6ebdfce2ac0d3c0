"""Build ``src/rusrapport/data/municipalities.csv``: every municipality number in use 1994–2024
with its 2024 municipality and county, from Statistics Norway's classification of municipalities
(KLASS 131) as grouped to the 2024 structure in ``kommuner-1994-2024.xlsx``.

That workbook is SSB's KLASS grouping "kommuner 1994–2024 → 2024" as kept in the regtools R
package (github.com/lauriejh/regtools, ``data-raw/kommuner-1994-2024.xlsx``, MIT licence).
Usage: ``python scripts/municipalities.py kommuner-1994-2024.xlsx``.

Municipalities SSB lists as split between several 2024 municipalities ("Delte kommuner") get
the county all their parts lie in (all in Trøndelag, or all in Nordland; Halsa, whose parts went
to Heim, per the csdata table); Svalbard, Jan Mayen, the shelf and "unknown" get no county.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

OUT = Path(__file__).resolve().parents[1] / "src" / "rusrapport" / "data" / "municipalities.csv"
# Split municipalities whose parts all went to municipalities of one 2024 county.
SPLIT_COUNTY = {
    **dict.fromkeys(["5011", "5012", "5013", "5016", "5023", "5024"], "50"),  # Heim, Hitra, Orkland
    **dict.fromkeys(["1612", "1613", "1617", "1622", "1636", "1638"], "50"),
    **dict.fromkeys(["1805", "1849", "1850", "1854"], "18"),  # Narvik, Hamarøy
    "1571": "50",  # Halsa -> Heim (Trøndelag), as FHI's csdata redistricting table has it
}
_YEARS = re.compile(r"\((\d{4})?-(\d{4})\)\s*$")


def build(xlsx: Path) -> pd.DataFrame:
    raw = pd.read_excel(xlsx, dtype=str)
    rows = []
    for group, code, text in raw[["GRUPPEKODE", "KODE", "TEKST"]].itertuples(index=False):
        code = code.strip()
        if not re.fullmatch(r"\d{4}", code):
            continue  # a sub-code (0716u), not a municipality number
        years = _YEARS.search(text)
        name = _YEARS.sub("", text).strip()
        target = group.removeprefix("K.")
        if target.isdigit() and len(target) == 4:
            county, municipality = target[:2], target
        else:
            county, municipality = SPLIT_COUNTY.get(code, ""), ""
        rows.append(
            {
                "code": code,
                "name": name,
                "valid_from": years.group(1) or "" if years else "",
                "valid_to": years.group(2) if years else "",
                "municipality_2024": municipality,
                "county_2024": county,
            }
        )
    return pd.DataFrame(rows).sort_values("code").reset_index(drop=True)


if __name__ == "__main__":
    build(Path(sys.argv[1])).to_csv(OUT, index=False, lineterminator="\n")
    print(f"wrote {OUT}")
