"""Canonical JSON: one byte string per value."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hub_sync.protocol.canonical import canonical_json

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=20,
)


def test_sorted_compact_utf8() -> None:
    data = {"b": 1, "a": [True, None, "张三"], "c": {"z": 1.5, "y": "é"}}
    assert canonical_json(data) == ('{"a":[true,null,"张三"],"b":1,"c":{"y":"é","z":1.5}}'.encode())


def test_key_order_does_not_matter() -> None:
    assert canonical_json({"x": 1, "y": 2}) == canonical_json({"y": 2, "x": 1})


@pytest.mark.parametrize("number", [math.nan, math.inf, -math.inf])
def test_nan_and_infinity_are_refused(number: float) -> None:
    with pytest.raises(ValueError):
        canonical_json({"n": number})


def test_non_json_values_are_refused() -> None:
    with pytest.raises(TypeError):
        canonical_json({"when": object()})


@given(json_values)
def test_round_trip_and_idempotent(value: object) -> None:
    encoded = canonical_json(value)
    decoded = json.loads(encoded.decode("utf-8"))
    assert canonical_json(decoded) == encoded
