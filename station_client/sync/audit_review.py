"""Audit review for supervisors and district admins: the hub's audit search and chain
check (``GET /v1/audit``, ``GET /v1/audit/verify``) and this station's own chain check."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from pydantic import ConfigDict, Field

from hub_sync.protocol.messages import Message
from station_client.store import Store
from station_client.store.audit import verify as verify_local
from station_client.store.errors import AuditChainBroken

from . import identity
from .login import StaffSession
from .staff_calls import with_client


class _Lenient(Message):
    model_config = ConfigDict(extra="ignore", frozen=True)


class AuditRow(_Lenient):
    station_id: str
    station_name: str | None = None
    chain_seq: int
    staff_id: str | None = None
    staff_name: str | None = None
    action: str
    subject_table: str
    subject_id: str
    person_name: str | None = None
    citizen_id: str | None = None
    at: str
    detail: str | None = None


class AuditPage(_Lenient):
    entries: list[AuditRow]


class ChainBreak(_Lenient):
    station_id: str
    chain_seq: int
    problem: str


class ChainReport(_Lenient):
    intact: bool
    chains: int
    entries: int
    first_break: ChainBreak | None = None
    breaks: list[ChainBreak] = Field(default_factory=list)


@dataclass(frozen=True)
class AuditSearch:
    person: str = ""
    staff: str = ""
    station: str = ""
    since: date | None = None
    until: date | None = None

    def query(self) -> str:
        values = {
            "person": self.person.strip(),
            "staff": self.staff.strip(),
            "station": self.station.strip(),
            "since": self.since.isoformat() if self.since else "",
            "until": self.until.isoformat() if self.until else "",
        }
        return urlencode({k: v for k, v in values.items() if v})


def search(store: Store, session: StaffSession, criteria: AuditSearch) -> list[AuditRow]:
    query = criteria.query()
    path = "/v1/audit" + (f"?{query}" if query else "")
    return with_client(
        store, session, lambda c, token: c.call("GET", path, AuditPage, token=token).entries
    )


def verify_hub(store: Store, session: StaffSession) -> ChainReport:
    return with_client(
        store, session, lambda c, token: c.call("GET", "/v1/audit/verify", ChainReport, token=token)
    )


@dataclass(frozen=True)
class LocalChain:
    length: int
    broken: AuditChainBroken | None


def verify_station(store: Store) -> LocalChain:
    """This station's own audit chain, checked entry by entry in the local store."""
    station_id = identity.load(store).station_id
    with store.transaction() as s:
        try:
            return LocalChain(verify_local(s, station_id), None)
        except AuditChainBroken as e:
            return LocalChain(0, e)
