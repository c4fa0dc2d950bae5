"""Versioned reference data: code tables, service catalogue, holiday calendars, divisions.

The data ships in ``resources/reference`` and is replaced only by whole, validated
bundles pushed by the district (:class:`ReferenceInstall`). Plain Python: no database,
no Qt.
"""

from station_client.reference.bundle import (
    REQUIRED_CODE_TABLES,
    RESOURCES_ENV,
    ReferenceBundle,
    default_bundle_dir,
    load_bundle,
)
from station_client.reference.catalogue_model import Limit, Material, ReviewStep, ServiceItem
from station_client.reference.errors import (
    InvalidReferenceData,
    ReferenceDataError,
    StaleReferenceData,
)
from station_client.reference.installed import ReferenceInstall
from station_client.reference.manifest import write_manifest
from station_client.reference.model import CodeEntry, DivisionNode
from station_client.reference.tables import Catalogue, CodeTable, DivisionTree

__all__ = [
    "REQUIRED_CODE_TABLES",
    "RESOURCES_ENV",
    "Catalogue",
    "CodeEntry",
    "CodeTable",
    "DivisionNode",
    "DivisionTree",
    "InvalidReferenceData",
    "Limit",
    "Material",
    "ReferenceBundle",
    "ReferenceDataError",
    "ReferenceInstall",
    "ReviewStep",
    "ServiceItem",
    "StaleReferenceData",
    "default_bundle_dir",
    "load_bundle",
    "write_manifest",
]
