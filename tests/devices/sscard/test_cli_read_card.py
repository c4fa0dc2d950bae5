"""`renshe-station devices read-card`: a technician proves the card reader works."""

from __future__ import annotations

import json

import pytest

from station_client.cli import main

from .cards import ZHANG, Issue, ef05, ef06
from .conftest import InsertCard
from .pcscd import READER
from .vicc import SsseCard


def test_read_card_prints_the_holder_as_json(
    card_slot: InsertCard, capsys: pytest.CaptureFixture[str]
) -> None:
    card_slot(SsseCard(ef05(Issue(version="2.00")), ef06(ZHANG, "2.00")))
    assert main(["devices", "read-card", "--reader", READER, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["source"] == "sscard"
    assert out["id_number"] == "11010519491231002X" and out["name"] == "张堃"
    assert out["birth_date"] == "1949-12-31"


def test_read_card_without_a_card_says_to_insert_one(
    card_slot: InsertCard, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["devices", "read-card", "--reader", READER]) == 2
    err = capsys.readouterr().err
    assert "renshe-station:" in err and "卡" in err


def test_devices_list_shows_the_card_reader_and_the_image_decoder(
    card_slot: InsertCard, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["devices", "list", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    readers = [d["name"] for d in found if d["kind"] == "pcsc-reader"]
    assert READER in readers
    assert {"kind": "image-decoder", "name": "zbar", "state": "ready"} in found
