"""`renshe-station devices read-id --port PORT`: the ID card reader on a real pty."""

from __future__ import annotations

import json

import pytest

from station_client.cli import main

from .emulator import Person, ReaderEmulator


def test_read_id_prints_the_card_as_json(
    emulator: ReaderEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    person = Person()
    emulator.place(person)
    assert main(["devices", "read-id", "--port", emulator.port, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["source"] == "idcard"
    assert out["id_number"] == person.id_number and out["name"] == "张三"
    assert out["photo_bytes"] == 1024


def test_read_id_with_no_card_on_the_reader_says_what_to_do(
    emulator: ReaderEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["devices", "read-id", "--port", emulator.port]) == 2
    assert "阅读器上没有身份证" in capsys.readouterr().err


def test_read_id_on_a_port_without_a_reader_is_a_clear_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["devices", "read-id", "--port", "/dev/renshe-no-such-port"]) == 2
    assert "renshe-station:" in capsys.readouterr().err
