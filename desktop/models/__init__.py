"""SQLAlchemy models of one office's database (Qt-free).

The mapped classes load on first use, all together (one registry, one complete metadata), so a
module that only needs the plain submodules (enums, messages, member_row) does not pay for the
ORM: the window's first paint and the commands that read through the store start without it.
Each model module imports the modules its relationships name, so a class imported from its own
module configures as well. Nothing is imported while SQLAlchemy configures its mappers (under
its lock): another thread importing a model module meanwhile would wait on that lock for ever.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.models.base import Base, Record, new_id, utcnow
    from desktop.models.chairs import ChairTerm
    from desktop.models.handover import Handover
    from desktop.models.issued import IssuedReport
    from desktop.models.kept import KeptMoves, UnitVersion
    from desktop.models.members import HouseholdReview, Member, MemberEvent
    from desktop.models.office import AuditEvent, ImportMapping, Office
    from desktop.models.programme import (
        Narrative,
        Programme,
        ProgressEntry,
        Quota,
        Target,
        TaskArea,
    )
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

# Where each name of the package lives.
_WHERE = {
    "AcceptedPackage": "sync",
    "Account": "safety",
    "Activity": "work",
    "AuditEvent": "office",
    "Base": "base",
    "BundleLedger": "sync",
    "ChairTerm": "chairs",
    "Complaint": "work",
    "Enterprise": "unions",
    "GrassrootsUnion": "unions",
    "Handover": "handover",
    "HeldBundle": "sync",
    "HouseholdReview": "members",
    "ImportMapping": "office",
    "Inspection": "work",
    "IssuedReport": "issued",
    "KeptMoves": "kept",
    "Member": "members",
    "MemberEvent": "members",
    "Narrative": "programme",
    "Office": "office",
    "OfficeInspection": "province",
    "OfficeRating": "province",
    "PeriodDecision": "province",
    "Programme": "programme",
    "ProgressEntry": "programme",
    "Quota": "programme",
    "Record": "base",
    "SentBundle": "sync",
    "SentPackage": "sync",
    "Setting": "safety",
    "Target": "programme",
    "TaskArea": "programme",
    "UnionRating": "unions",
    "UnitKey": "sync",
    "UnitVersion": "kept",
    "activity_union": "work",
    "new_id": "base",
    "utcnow": "base",
}
# Every module that declares tables; all are loaded before any mapped class is handed out.
TABLE_MODULES = tuple(sorted(set(_WHERE.values())))


def load_all() -> None:
    """Every mapped class declared, so the registry and Base.metadata are complete."""
    for module in TABLE_MODULES:
        importlib.import_module(f"desktop.models.{module}")


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'desktop.models' has no attribute {name!r}")
    load_all()
    value = getattr(importlib.import_module(f"desktop.models.{module}"), name)
    globals()[name] = value
    return value


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
