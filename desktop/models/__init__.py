"""SQLAlchemy models of one office's database (Qt-free)."""

from desktop.models.base import Base, Record, new_id, utcnow
from desktop.models.members import HouseholdReview, Member, MemberEvent
from desktop.models.office import AuditEvent, Office
from desktop.models.programme import Narrative, Programme, ProgressEntry, Quota, Target, TaskArea
from desktop.models.unions import Enterprise, GrassrootsUnion, UnionRating
from desktop.models.work import Activity, Complaint, Inspection, activity_union

__all__ = [
    "Activity",
    "AuditEvent",
    "Base",
    "Complaint",
    "Enterprise",
    "GrassrootsUnion",
    "HouseholdReview",
    "Inspection",
    "Member",
    "MemberEvent",
    "Narrative",
    "Office",
    "Programme",
    "ProgressEntry",
    "Quota",
    "Record",
    "Target",
    "TaskArea",
    "UnionRating",
    "activity_union",
    "new_id",
    "utcnow",
]
