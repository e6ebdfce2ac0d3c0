"""The validated-input cache: a second load is served from it; any change to the file misses it;
an entry that was altered, corrupted or crafted never changes a number or runs code."""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import random
import stat

import pandas as pd
import pytest

from rusrapport.data import cache, load_survey
from rusrapport.errors import InputError
from tests.conftest import make_survey


def test_second_load_comes_from_the_cache_and_is_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("RUSRAPPORT_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "s.csv"
    make_survey().to_csv(path, index=False)
    first = load_survey(path)
    assert len(list((tmp_path / "cache").glob("survey-*.rrc"))) == 1
    second = load_survey(path, years=[2025])
    pd.testing.assert_frame_equal(first, second)


def test_changed_file_is_validated_again(tmp_path, monkeypatch):
    monkeypatch.setenv("RUSRAPPORT_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "s.csv"
    frame = make_survey()
    frame.to_csv(path, index=False)
    load_survey(path)
    frame.loc[0, "sex"] = "x"
    frame.to_csv(path, index=False)
    with pytest.raises(InputError, match="column 'sex'"):
        load_survey(path)
    assert len(list((tmp_path / "cache").glob("survey-*.rrc"))) == 1  # only the valid version cached


def test_cache_can_be_switched_off(tmp_path, monkeypatch):
    monkeypatch.setenv("RUSRAPPORT_CACHE", "off")
    path = tmp_path / "s.csv"
    make_survey().to_csv(path, index=False)
    assert len(load_survey(path)) == 60


@pytest.fixture
def cached(tmp_path, monkeypatch):
    """A survey file, its fresh validated frame, and the one cache entry made from it."""
    monkeypatch.setenv("RUSRAPPORT_CACHE", str(tmp_path / "cache"))
    cache.private_folder.cache_clear()
    path = tmp_path / "s.csv"
    make_survey().to_csv(path, index=False)
    fresh = load_survey(path)
    (entry,) = (tmp_path / "cache").glob("survey-*.rrc")
    return path, fresh, entry


def test_entries_are_data_in_a_private_folder(cached):
    entry = cached[2]
    assert stat.S_IMODE(entry.parent.stat().st_mode) == 0o700
    assert entry.read_bytes().startswith(cache.MAGIC)
    assert b"PAR1" in entry.read_bytes()[:200]  # Parquet, not a pickle


def test_an_altered_entry_is_discarded_and_the_input_validated_again(cached, caplog):
    path, fresh, entry = cached
    altered = fresh.copy()
    altered["weight"] = altered["weight"] * 2  # what a poisoned entry would publish
    head = entry.read_bytes()[: len(cache.MAGIC) + 65]  # keeps the digest of the genuine frame
    entry.write_bytes(head + cache.encode(altered)[len(cache.MAGIC) + 65 :])
    with caplog.at_level(logging.WARNING, logger="rusrapport"):
        again = load_survey(path)
    pd.testing.assert_frame_equal(again, fresh)
    assert "discarded the cache entry" in caplog.text and "validating" in caplog.text
    pd.testing.assert_frame_equal(load_survey(path), fresh)  # and a good entry written again


def test_a_crafted_pickle_never_runs(cached, tmp_path):
    path, fresh, entry = cached
    marker = tmp_path / "pwned"

    class Exploit:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    payload = pickle.dumps(Exploit())
    entry.write_bytes(payload)  # a bare pickle
    pd.testing.assert_frame_equal(load_survey(path), fresh)
    entry.write_bytes(cache.MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
    pd.testing.assert_frame_equal(load_survey(path), fresh)  # a pickle with a valid digest
    entry.with_suffix(".pkl").write_bytes(payload)  # where the old cache kept its entries
    pd.testing.assert_frame_equal(load_survey(path), fresh)
    assert not marker.exists()


def test_fuzzed_entries_never_change_a_number(cached):
    path, fresh, entry = cached
    genuine = entry.read_bytes()
    rng = random.Random(21)
    for _ in range(100):
        data = bytearray(genuine)
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        entry.write_bytes(bytes(data))
        served = cache.validated("survey", path, None, fresh.copy)  # misses: validates again
        pd.testing.assert_frame_equal(served, fresh)
        pd.testing.assert_frame_equal(cache.decode(entry.read_bytes()), fresh)  # replaced by a good one


def test_a_folder_others_can_write_is_not_used(tmp_path, monkeypatch, caplog):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("RUSRAPPORT_CACHE", str(shared))
    cache.private_folder.cache_clear()
    path = tmp_path / "s.csv"
    make_survey().to_csv(path, index=False)
    with caplog.at_level(logging.WARNING, logger="rusrapport"):
        assert len(load_survey(path)) == 60
    assert "not using the input cache" in caplog.text
    assert list(shared.iterdir()) == []
