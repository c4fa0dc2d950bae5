"""Synthetic but realistic districts for demo and training mode, tests and benchmarks."""

from .generator import Area, SampleDistrict, activity, employers, organisation, persons
from .load import LoadedSample, area_from_reference, load_sample

__all__ = [
    "Area",
    "LoadedSample",
    "SampleDistrict",
    "activity",
    "area_from_reference",
    "employers",
    "load_sample",
    "organisation",
    "persons",
]
