"""The approvals screen's common entry: one reviewed matter waiting for a step, whether
a hard-to-employ recognition (:mod:`.approvals`) or another reviewed matter
(:mod:`.reviews`), saying which matter it is (the catalogue item) and its number."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from station_client.rules.approvals import RECOGNITION_ITEM, StepKind
from station_client.rules.deadlines import DeadlineState

from .approval_log import RECOGNITIONS
from .approvals import QueueEntry
from .decision_steps import LogLine


@dataclass(frozen=True)
class MatterEntry:
    """A reviewed matter waiting for a step the viewer may decide (or must chase up):
    the common shape of the approvals screen, for recognitions and the others alike."""

    item_code: str  # the catalogue item: JY-007, JY-002, TJ-001, JC-001
    item_zh: str
    item_en: str
    subject_table: str
    record_id: str
    record_no: str  # the record's number: serial, registration, case or complaint no.
    person_id: str
    name: str  # masked for the viewer's role
    about_zh: str  # one line on what is applied for
    about_en: str
    applied_on: date
    ticket_no: str | None
    step: str
    step_zh: str
    step_en: str
    kind: StepKind
    due_on: date
    due_estimated: bool
    state: DeadlineState
    #: False: not the viewer's to decide, shown because it is overdue (escalated).
    may_decide: bool
    decisions: tuple[LogLine, ...]
    #: What a pass and a fail make of the matter (予以受理, 不予受理 …), when one decision
    #: settles it; None: the recognitions' chain goes on after a pass.
    outcomes_zh: tuple[str, str] | None = None
    outcomes_en: tuple[str, str] | None = None

    @property
    def overdue(self) -> bool:
        return self.state is DeadlineState.OVERDUE

    @property
    def objections_only(self) -> bool:
        """A public notice is running: only an upheld objection can be recorded."""
        return self.kind is StepKind.NOTICE


def from_recognition(entry: QueueEntry, item_zh: str, item_en: str) -> MatterEntry:
    """A recognition of the approvals queue as the common entry."""
    income = "—" if entry.monthly_income is None else str(entry.monthly_income)
    return MatterEntry(
        item_code=RECOGNITION_ITEM,
        item_zh=item_zh,
        item_en=item_en,
        subject_table=RECOGNITIONS,
        record_id=entry.recognition_id,
        record_no=entry.serial_no,
        person_id=entry.person_id,
        name=entry.name,
        about_zh=f"类别：{entry.category_zh}　家庭人均月收入：{income}",
        about_en=f"Category: {entry.category_en} · Monthly income per household member: {income}",
        applied_on=entry.applied_on,
        ticket_no=entry.ticket_no,
        step=entry.step,
        step_zh=entry.step_zh,
        step_en=entry.step_en,
        kind=entry.kind,
        due_on=entry.due_on,
        due_estimated=entry.due_estimated,
        state=entry.state,
        may_decide=entry.may_decide,
        decisions=entry.decisions,
    )
