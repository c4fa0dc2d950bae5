"""Opening the encrypted store: keys, wrong keys, missing files, nothing in clear."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from station_client.store import CannotOpenStore, Store, StoreKeyError
from station_client.store.engine import DB_FILE
from station_client.store.keys import KEY_FILE

from .helpers import person_values


def test_reopens_with_the_machine_secret_and_keeps_data(make_store, reference, actor, tmp_path):
    secret = b"m" * 32
    store = make_store("s1", secret=secret)
    with store.transaction() as s:
        pid = store.persons.register(s, actor, person_values()).id
    store.close()
    again = Store.open(tmp_path / "s1", secret, lambda: reference)
    try:
        with again.transaction() as s:
            assert again.persons.view(s, actor, pid).name == "张三丰"
    finally:
        again.close()


def test_wrong_secret_is_a_clear_error_and_creates_nothing(make_store, reference, tmp_path):
    store = make_store("s1", secret=b"right" * 8)
    store.close()
    before = sorted(p.name for p in (tmp_path / "s1").iterdir())
    with pytest.raises(StoreKeyError, match="cannot open the station database"):
        Store.open(tmp_path / "s1", b"wrong" * 8, lambda: reference)
    assert sorted(p.name for p in (tmp_path / "s1").iterdir()) == before


def test_a_database_key_that_does_not_match_the_file_is_refused(make_store, reference, tmp_path):
    """Key file of one station beside the database of another: refused, never emptied."""
    secret = b"same" * 8
    make_store("a", secret=secret).close()
    make_store("b", secret=secret).close()
    shutil.copy(tmp_path / "a" / KEY_FILE, tmp_path / "b" / KEY_FILE)
    size = (tmp_path / "b" / DB_FILE).stat().st_size
    with pytest.raises(StoreKeyError, match="wrong key or not a station database"):
        Store.open(tmp_path / "b", secret, lambda: reference)
    assert (tmp_path / "b" / DB_FILE).stat().st_size == size


def test_missing_database_is_not_silently_created(reference, tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(CannotOpenStore, match="cannot open the station database"):
        Store.open(tmp_path / "empty", b"x" * 32, lambda: reference)
    assert not (tmp_path / "empty" / DB_FILE).exists()


def test_recovery_code_opens_the_store(make_store, reference, tmp_path):
    make_store("s1", secret=b"lost" * 8, recovery_code="QX7R-2KD9-ZP4M").close()
    again = Store.open(tmp_path / "s1", b"QX7R-2KD9-ZP4M", lambda: reference)
    again.close()


def test_key_file_does_not_hold_the_key_in_clear(make_store, tmp_path):
    store = make_store("s1", secret=b"s" * 32)
    url_key = store.engine.url.password  # x'<hex>' — the raw SQLCipher key
    store.close()
    key_hex = url_key[2:-1]
    key_file = (tmp_path / "s1" / KEY_FILE).read_text()
    assert key_hex not in key_file.lower()
    assert bytes.fromhex(key_hex) not in (tmp_path / "s1" / KEY_FILE).read_bytes()


def test_strings_finds_no_personal_data_in_the_files(make_store, actor, tmp_path):
    store = make_store("s1")
    people = [
        person_values(i, name=n, phone=f"1391234{i:04d}")
        for i, n in enumerate(["张三丰", "李秀英", "王建国", "欧阳娜娜"], start=1)
    ]
    with store.transaction() as s:
        for values in people:
            store.persons.register(s, actor, values)
    # Look at the main file and the write-ahead log as they are on disk right now.
    files = [p for p in (tmp_path / "s1").iterdir() if p.name.startswith(DB_FILE)]
    assert files
    for f in files:
        ascii_strings = subprocess.run(
            ["strings", "-n", "6", str(f)], capture_output=True, text=True, check=True
        ).stdout
        utf16 = subprocess.run(
            ["strings", "-n", "3", "-e", "l", str(f)], capture_output=True, text=True, check=True
        ).stdout
        raw = f.read_bytes()
        assert b"SQLite format 3" not in raw[:16]
        for values in people:
            assert values["citizen_id"] not in ascii_strings
            assert values["citizen_id"][:12] not in ascii_strings
            assert values["phone"] not in ascii_strings
            assert values["name"].encode() not in raw
            assert values["name"] not in utf16
    store.close()
