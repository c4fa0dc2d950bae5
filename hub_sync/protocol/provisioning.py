"""Station provisioning files (``*.renshe``): what district IT hands a new station PC so
that it comes up enrolled with the right hub, as the right station of the right
organisation, trusting the right district publication keys.

`renshe-hub station provision` writes one (a new station or a new code for an existing
one); `renshe-station provision FILE` — or the installed app at its first start, finding
the file in a known place — enrols with it. The file holds a one-time enrolment code
(valid until ``expires_at``): it is handed over like the code itself, on paper or a USB
stick, and is worthless once used. Its publication keys are pinned *before* enrolling,
so the station never has to trust the hub's word for them.
"""

from __future__ import annotations

import json
from typing import Annotated, Final, Literal

import pydantic
from pydantic import BaseModel, ConfigDict, Field, field_validator

from hub_sync.errors import HubError

from .errors import SignatureError
from .publication import key_id_of

FORMAT: Final = "renshe-station-provisioning"
SUFFIX = ".renshe"


class ProvisioningError(HubError):
    """A provisioning file that cannot be used (a file, not a wire message: no code)."""


class StationProvisioning(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal["renshe-station-provisioning"] = FORMAT
    version: Literal[1] = 1
    hub_url: Annotated[str, Field(min_length=8, max_length=300)]
    station_id: Annotated[str, Field(min_length=1, max_length=64)]
    org_code: Annotated[str, Field(min_length=1, max_length=20)]
    name: Annotated[str, Field(min_length=1, max_length=100)]
    code: Annotated[str, Field(min_length=8, max_length=64)]
    expires_at: str  # UTC, ISO 8601: the code's end
    publisher_keys: Annotated[list[str], Field(max_length=20)]  # base64 Ed25519 public keys
    issued_at: str

    @field_validator("hub_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("the hub's address must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("publisher_keys")
    @classmethod
    def _keys(cls, value: list[str]) -> list[str]:
        for key in value:
            try:
                key_id_of(key)
            except SignatureError as e:
                raise ValueError(str(e)) from e
        return value


def dumps(provisioning: StationProvisioning) -> str:
    return json.dumps(provisioning.model_dump(), ensure_ascii=False, indent=2) + "\n"


def loads(text: str | bytes) -> StationProvisioning:
    try:
        return StationProvisioning.model_validate_json(text)
    except pydantic.ValidationError as e:
        problems = "; ".join(
            f"{'.'.join(map(str, err['loc'])) or 'file'}: {err['msg']}" for err in e.errors()
        )
        raise ProvisioningError(f"not a station provisioning file: {problems}") from e
