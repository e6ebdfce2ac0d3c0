"""The committed default files are exactly what the seeded generator writes, and they validate."""

from __future__ import annotations

from rusrapport.data.load import load_standard_population
from rusrapport.synth.write import DEFAULT_SEED, FILES, write_defaults
from tests.synth.conftest import DATA


def test_same_seed_gives_byte_identical_files(tmp_path):
    for path in write_defaults(tmp_path, DEFAULT_SEED):
        assert path.read_bytes() == (DATA / path.name).read_bytes(), (
            f"{path.name} differs: run python -m rusrapport.synth"
        )


def test_files_are_small(tmp_path):
    assert sum((DATA / name).stat().st_size for name in FILES.values()) < 3_000_000


def test_defaults_pass_validation(survey, deaths, population):
    assert len(survey) > 30000 and len(deaths) > 4000 and len(population) > 7000
    assert load_standard_population(DATA / "standard_population.csv")["age"].tolist()[-1] == "90+"
