"""The station's sync agent: enrolment, the signed HTTP client, push, pull, and the
agent that runs them on demand or in the background (only ``requests``; no Qt)."""

from .agent import AgentStatus, Phase, SyncAgent, SyncProgress, SyncReport
from .attention import RejectedOp, Waiting, dismiss_rejected, rejected, waiting
from .backoff import Backoff
from .client import Credentials, HubClient, HubClock
from .errors import (
    AlreadyEnrolled,
    BadResponse,
    EnrolmentRefused,
    HubRefused,
    NotEnrolled,
    Offline,
    RetryLater,
    SequenceGap,
    StationRevoked,
    SyncError,
)
from .identity import enrol, is_enrolled, set_hub_url
from .identity import load as load_identity
from .meta import StationIdentity

__all__ = [
    "AgentStatus",
    "AlreadyEnrolled",
    "Backoff",
    "BadResponse",
    "Credentials",
    "EnrolmentRefused",
    "HubClient",
    "HubClock",
    "HubRefused",
    "NotEnrolled",
    "Offline",
    "Phase",
    "RejectedOp",
    "RetryLater",
    "SequenceGap",
    "StationIdentity",
    "StationRevoked",
    "SyncAgent",
    "SyncError",
    "SyncProgress",
    "SyncReport",
    "Waiting",
    "dismiss_rejected",
    "enrol",
    "is_enrolled",
    "load_identity",
    "rejected",
    "set_hub_url",
    "waiting",
]
