"""Tables only the hub has: stations and their keys, the change log, applied ops,
conflicts, nonces. The shared record tables come from ``hub_sync.model``."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

from hub_sync.model.base import NAMING, UTCDateTime

hub_tables = MetaData(naming_convention=NAMING)

# One row per key: the epoch (new after a restore from backup) and the change-log
# counter. Taking the next server sequence numbers locks the counter row until the
# pushing transaction commits, so change-log rows become visible in sequence order and
# a pull can never step over a row a slower transaction is still writing.
hub_state = Table(
    "hub_state",
    hub_tables,
    Column("key", String(40), primary_key=True),
    Column("text_value", String(100)),
    Column("int_value", BigInteger),
)

hub_stations = Table(
    "hub_stations",
    hub_tables,
    Column("id", String(36), primary_key=True),
    Column("org_code", String(12), nullable=False),
    Column("name", String(100), nullable=False),
    Column("public_key", String(60)),
    Column("created_at", UTCDateTime, nullable=False),
    Column("enrolled_at", UTCDateTime),
    Column("revoked_at", UTCDateTime),
    Column("last_contact_at", UTCDateTime),
    Column("client_version", String(40)),
    Column("clock_offset_ms", BigInteger),
    Column("acked_seq", BigInteger, nullable=False, server_default="0"),
    Column("backlog", Integer),
)

enrolment_codes = Table(
    "enrolment_codes",
    hub_tables,
    Column("code_hash", String(64), primary_key=True),  # sha256: the code itself is not kept
    Column("station_id", String(36), nullable=False, index=True),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("used_at", UTCDateTime),
)

# What each (station, seq) op turned into: a repeated batch is answered from here.
applied_ops = Table(
    "applied_ops",
    hub_tables,
    Column("station_id", String(36), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("result", Text, nullable=False),  # OpResult as JSON
    Column("applied_at", UTCDateTime, nullable=False),
    # The station's hybrid logical clock stamp of the op, and the hub's for receiving it.
    Column("hlc", String(40), nullable=True),
    Column("hub_hlc", String(40), nullable=True),
    PrimaryKeyConstraint("station_id", "seq"),
)

change_log = Table(
    "change_log",
    hub_tables,
    Column("server_seq", BigInteger, primary_key=True, autoincrement=False),
    Column("table_name", String(40), nullable=False),
    Column("record_id", String(36), nullable=False),
    Column("version", Integer, nullable=False),
    Column("area_code", String(12)),  # None: visible to every station of the district
    Column("person_id", String(36)),  # the person a record is about, for "served" scope
    Column("committed_at", UTCDateTime, nullable=False),
    Index("ix_change_log_record", "table_name", "record_id"),
)

# Persons a station has served: they stay in its scope wherever they live.
served_persons = Table(
    "served_persons",
    hub_tables,
    Column("station_id", String(36), nullable=False),
    Column("person_id", String(36), nullable=False),
    PrimaryKeyConstraint("station_id", "person_id"),
)

# A second record of the same real person (same ID number from two stations) points at
# the surviving one; later ops naming the alias are applied to the survivor.
record_aliases = Table(
    "record_aliases",
    hub_tables,
    Column("alias_id", String(36), primary_key=True),
    Column("table_name", String(40), nullable=False),
    Column("canonical_id", String(36), nullable=False),
)

conflicts = Table(
    "conflicts",
    hub_tables,
    Column("id", String(36), primary_key=True),
    Column("table_name", String(40), nullable=False),
    Column("record_id", String(36), nullable=False, index=True),
    Column("station_id", String(36), nullable=False),
    Column("kind", String(20), nullable=False),  # fields / edit_vs_delete / delete_vs_edit
    Column("fields", Text, nullable=False),  # JSON: field → {base, hub, station}
    Column("ops", Text, nullable=False),  # JSON list of "station:seq" that joined it
    Column("status", String(10), nullable=False, server_default="open"),
    Column("created_at", UTCDateTime, nullable=False),
    Column("resolved_at", UTCDateTime),
    Column("resolved_by", String(36)),
    Column("resolution", Text),
)

seen_nonces = Table(
    "seen_nonces",
    hub_tables,
    Column("station_id", String(36), nullable=False),
    Column("nonce", String(32), nullable=False),
    Column("seen_at", UTCDateTime, nullable=False, index=True),
    PrimaryKeyConstraint("station_id", "nonce"),
)

# Staff passwords live only at the hub (argon2id); a station caches a verifier after a
# successful online login so the same person can log in there offline.
staff_credentials = Table(
    "staff_credentials",
    hub_tables,
    Column("staff_id", String(36), primary_key=True),
    Column("password_hash", String(200), nullable=False),
    Column("failed_attempts", Integer, nullable=False, server_default="0"),
    Column("locked_until", UTCDateTime),
    Column("changed_at", UTCDateTime, nullable=False),
)

staff_sessions = Table(
    "staff_sessions",
    hub_tables,
    Column("token_hash", String(64), primary_key=True),
    Column("staff_id", String(36), nullable=False, index=True),
    Column("station_id", String(36), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
)

# Signed pushes from the district (reference data, software updates). The hub stores and
# serves them but cannot forge them: the district's private key never comes here, only
# its public keys (to check what district IT stores) and the rotation statements.
publication_keys = Table(
    "publication_keys",
    hub_tables,
    Column("key_id", String(16), primary_key=True),
    Column("public_key", String(60), nullable=False),
    Column("added_at", UTCDateTime, nullable=False),
    Column("retired_at", UTCDateTime),
)

# Each statement signed by the old key; stations apply them in ``position`` order.
publication_rotations = Table(
    "publication_rotations",
    hub_tables,
    Column("position", Integer, primary_key=True, autoincrement=False),
    Column("new_key_id", String(16), nullable=False, unique=True),
    Column("statement", Text, nullable=False),  # SignedRotation as JSON
    Column("created_at", UTCDateTime, nullable=False),
)

publications = Table(
    "publications",
    hub_tables,
    Column("kind", String(20), nullable=False),
    Column("version", BigInteger, nullable=False),
    Column("label", String(60), nullable=False),
    Column("envelope", Text, nullable=False),  # SignedPublication as JSON
    Column("payload", LargeBinary, nullable=False),
    Column("payload_size", BigInteger, nullable=False),
    # Staging: null and null is every station; otherwise the stations listed (JSON list
    # of ids) and those whose id hashes below ``percent``.
    Column("stations", Text),
    Column("percent", Integer),
    Column("published_at", UTCDateTime, nullable=False),
    Column("withdrawn_at", UTCDateTime),
    PrimaryKeyConstraint("kind", "version"),
)

# What stations did with publications: applied, refused (and why), rolled back.
publication_reports = Table(
    "publication_reports",
    hub_tables,
    Column("id", String(36), primary_key=True),
    Column("station_id", String(36), nullable=False, index=True),
    Column("kind", String(20), nullable=False),
    Column("version", BigInteger),
    Column("outcome", String(20), nullable=False),
    Column("code", String(40), nullable=False),
    Column("message", Text, nullable=False),
    Column("reported_at", UTCDateTime, nullable=False),
)

# Each station's latest health report (what only the station can see): one row per
# station, replaced by every report; the fleet page and `station list` read it.
station_health = Table(
    "station_health",
    hub_tables,
    Column("station_id", String(36), primary_key=True),
    Column("reported_at", UTCDateTime, nullable=False),
    Column("outbox_backlog", Integer, nullable=False),
    Column("rejected_waiting", Integer, nullable=False),
    Column("conflicts_waiting", Integer, nullable=False),
    Column("client_version", String(40), nullable=False),
    Column("reference_version", BigInteger),
    Column("clock_offset_ms", BigInteger, nullable=False),
    Column("devices", Text, nullable=False),  # JSON list of DeviceHealth
    Column("frozen", Text, nullable=False),  # JSON list of freeze-rule codes that hold
)
