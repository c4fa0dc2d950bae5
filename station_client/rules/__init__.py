"""Business rules of the station: plain functions on plain values.

No database, no UI, nothing from the rest of ``station_client`` except its error root:
the same rules run at the station, at the hub and in tests. Limits that a district may
change are parameters, never constants buried in code.
"""

from station_client.rules.codes import Role, Sex, StationLevel
from station_client.rules.deadlines import DeadlineState, deadline_state, working_days_left
from station_client.rules.errors import RuleError, ValidationError
from station_client.rules.idnumber import (
    PROVINCE_CODES,
    CitizenId,
    is_valid_citizen_id,
    make_citizen_id,
    validate_citizen_id,
)
from station_client.rules.masking import (
    Field,
    fields_visible,
    mask_address,
    mask_citizen_id,
    mask_name,
    mask_phone,
    present,
)
from station_client.rules.staffing import required_staff
from station_client.rules.unemployment import (
    Eligibility,
    Refusal,
    is_long_term_unemployed,
    statutory_retirement_date,
    unemployment_registration_eligibility,
)
from station_client.rules.uscc import CreditCode, is_valid_uscc, make_uscc, validate_uscc
from station_client.rules.workdays import Deadline, WorkCalendar, YearCalendar

__all__ = [
    "PROVINCE_CODES",
    "CitizenId",
    "CreditCode",
    "Deadline",
    "DeadlineState",
    "Eligibility",
    "Field",
    "Refusal",
    "Role",
    "RuleError",
    "Sex",
    "StationLevel",
    "ValidationError",
    "WorkCalendar",
    "YearCalendar",
    "deadline_state",
    "fields_visible",
    "is_long_term_unemployed",
    "is_valid_citizen_id",
    "is_valid_uscc",
    "make_citizen_id",
    "make_uscc",
    "mask_address",
    "mask_citizen_id",
    "mask_name",
    "mask_phone",
    "present",
    "required_staff",
    "statutory_retirement_date",
    "unemployment_registration_eligibility",
    "validate_citizen_id",
    "validate_uscc",
    "working_days_left",
]
