"""Write the default input files. The build only reads them; regenerating is byte-identical."""

from __future__ import annotations

from pathlib import Path

from rusrapport.synth.deaths import death_records
from rusrapport.synth.fieldwork import fieldwork_table
from rusrapport.synth.population import population_tables, published_population
from rusrapport.synth.survey import survey_microdata

DEFAULT_SEED = 20251028  # the day the cause-of-death figures for 2024 were published
FILES = {
    "survey": "survey.parquet",
    "fieldwork": "survey_fieldwork.csv",
    "deaths": "deaths.csv",
    "population": "population.csv",
    "standard_population": "standard_population.csv",
    "published_population": "population_published.csv",
}


def write_defaults(out: str | Path, seed: int = DEFAULT_SEED) -> list[Path]:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    population, standard = population_tables()
    survey = survey_microdata(population, seed)
    frames = {
        "survey": survey,
        "fieldwork": fieldwork_table(survey),
        "deaths": death_records(population, standard, seed),
        "population": population,
        "standard_population": standard,
        "published_population": published_population(),
    }
    written = []
    for key, frame in frames.items():
        path = out / FILES[key]
        if path.suffix == ".parquet":
            frame.to_parquet(path, index=False, compression="zstd")
        else:
            frame.to_csv(path, index=False, lineterminator="\n", float_format="%.6g")
        written.append(path)
    return written
