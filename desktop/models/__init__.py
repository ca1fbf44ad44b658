"""SQLAlchemy models of one office's database (Qt-free)."""

from desktop.models.base import Base, Record, new_id, utcnow
from desktop.models.chairs import ChairTerm
from desktop.models.handover import Handover
from desktop.models.issued import IssuedReport
from desktop.models.kept import KeptMoves, UnitVersion
from desktop.models.members import HouseholdReview, Member, MemberEvent
from desktop.models.office import AuditEvent, ImportMapping, Office
from desktop.models.programme import Narrative, Programme, ProgressEntry, Quota, Target, TaskArea
from desktop.models.province import OfficeInspection, OfficeRating, PeriodDecision
from desktop.models.safety import Account, Setting
from desktop.models.sync import (
    AcceptedPackage,
    BundleLedger,
    HeldBundle,
    SentBundle,
    SentPackage,
    UnitKey,
)
from desktop.models.unions import Enterprise, GrassrootsUnion, UnionRating
from desktop.models.work import Activity, Complaint, Inspection, activity_union

__all__ = [
    "AcceptedPackage",
    "Account",
    "Activity",
    "AuditEvent",
    "Base",
    "BundleLedger",
    "ChairTerm",
    "Complaint",
    "Enterprise",
    "GrassrootsUnion",
    "Handover",
    "HeldBundle",
    "HouseholdReview",
    "ImportMapping",
    "Inspection",
    "IssuedReport",
    "KeptMoves",
    "Member",
    "MemberEvent",
    "Narrative",
    "Office",
    "OfficeInspection",
    "OfficeRating",
    "PeriodDecision",
    "Programme",
    "ProgressEntry",
    "Quota",
    "Record",
    "SentBundle",
    "SentPackage",
    "Setting",
    "Target",
    "TaskArea",
    "UnionRating",
    "UnitKey",
    "UnitVersion",
    "activity_union",
    "new_id",
    "utcnow",
]
