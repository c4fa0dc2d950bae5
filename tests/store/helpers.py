"""Small builders shared by the store tests."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from station_client.reference import ReferenceBundle
from station_client.reference.catalogue_model import CatalogueFile
from station_client.reference.tables import Catalogue
from station_client.rules.codes import Sex
from station_client.rules.idnumber import make_citizen_id


def person_values(serial: int = 1, **over: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "citizen_id": make_citizen_id("320115", date(1985, 3, 14), serial % 100, Sex.MALE),
        "name": "张三丰",
        "phone": "13912345678",
        "ethnicity": "01",
        "education": "20",
        "residence_division": "320115001001",
    }
    values.update(over)
    return values


def without_review(bundle: ReferenceBundle, *codes: str) -> ReferenceBundle:
    """The bundle as a district might publish it: ``codes`` need no review."""
    items = [
        item.model_copy(update={"needs_review": False, "review_steps": []})
        if item.code in codes
        else item
        for item in bundle.catalogue
    ]
    old = bundle.catalogue
    data = CatalogueFile.model_construct(
        kind="service_catalogue",
        version=old.version + 1,
        source=old.source,
        complaint_phone=old.complaint_phone,
        items=items,
    )
    return dataclasses.replace(bundle, catalogue=Catalogue(data))
