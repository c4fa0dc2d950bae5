"""Review decisions (审核决定) on the counter's reviewed matters other than recognitions."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, InsertOnlyRecord


class ReviewDecision(InsertOnlyRecord, Base):
    """One decision on a review step of a matter the service catalogue marks as needing
    review: an unemployment registration (失业登记审核), a mediation application
    (受理或不予受理) or an inspection complaint (立案受理或不予受理). The subject is
    the record the counter saved for the matter (``subject_table``, ``subject_id``).

    Insert-only like :class:`~hub_sync.model.employment.RecognitionReview`, whose log of
    hard-to-employ recognitions stays as it is: the subject's state is computed from
    this log, so a station and the hub holding the same decisions agree."""

    __tablename__ = "review_decisions"

    subject_table: Mapped[str] = mapped_column(String(40), nullable=False)
    subject_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    catalogue_code: Mapped[str] = mapped_column(String(12), nullable=False)
    step: Mapped[str] = mapped_column(String(20), nullable=False)
    reviewer_staff_id: Mapped[str] = mapped_column(String(36), nullable=False)
    reviewer_org: Mapped[str] = mapped_column(String(12), nullable=False)
    decided_on: Mapped[date] = mapped_column(Date, nullable=False)
    result: Mapped[str] = mapped_column(String(8), nullable=False)  # pass/fail
    reason: Mapped[str | None] = mapped_column(Text)
