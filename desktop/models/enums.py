"""The closed vocabularies of the glossary, stored as their English code names."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    district = "district"
    province = "province"


class OfficeKind(StrEnum):
    """What kind of upper union runs this copy; a setting because the 2025 reform reshapes the level."""

    district_federation = "district_federation"  # LĐLĐ huyện
    city_federation = "city_federation"  # LĐLĐ thành phố
    sector_union = "sector_union"  # Công đoàn ngành
    industrial_zones_union = "industrial_zones_union"  # Công đoàn các Khu công nghiệp/Khu kinh tế
    other_upper_union = "other_upper_union"  # another upper union the province sets up and names
    province_federation = "province_federation"  # LĐLĐ tỉnh


class Sector(StrEnum):
    state = "state"
    non_state = "non_state"


class UnionKind(StrEnum):
    workplace = "workplace"
    trade_based = "trade_based"  # nghiệp đoàn


class EmployerType(StrEnum):
    agency = "agency"  # cơ quan hành chính
    school = "school"  # trường học, đơn vị sự nghiệp
    state_enterprise = "state_enterprise"
    private_enterprise = "private_enterprise"
    fdi_enterprise = "fdi_enterprise"
    cooperative = "cooperative"
    trade = "trade"  # nghiệp đoàn of self-employed workers


ENTERPRISE_TYPES = frozenset(
    {EmployerType.state_enterprise, EmployerType.private_enterprise, EmployerType.fdi_enterprise}
)


class Rating(StrEnum):
    excellent = "excellent"
    good = "good"
    completed = "completed"
    not_completed = "not_completed"


GOOD_OR_BETTER = frozenset({Rating.excellent, Rating.good})


class Gender(StrEnum):
    male = "male"
    female = "female"


class MemberStatus(StrEnum):
    active = "active"
    transferred_out = "transferred_out"
    left = "left"


class HouseholdStatus(StrEnum):
    none = "none"
    poor = "poor"
    near_poor = "near_poor"
    escaped = "escaped"


class MemberEventKind(StrEnum):
    admitted = "admitted"  # kết nạp
    readmitted = "readmitted"  # kết nạp lại
    transferred_in = "transferred_in"  # chuyển đến từ ngoài đơn vị
    transferred_out = "transferred_out"  # chuyển đi ra ngoài đơn vị
    transferred = "transferred"  # chuyển sinh hoạt giữa hai CĐCS của đơn vị
    left = "left"  # ra khỏi tổ chức / thôi sinh hoạt


class ProspectStatus(StrEnum):
    identified = "identified"
    contacted = "contacted"
    mobilising = "mobilising"
    founded = "founded"
    dropped = "dropped"


class ActivityKind(StrEnum):
    propaganda = "propaganda"
    training = "training"
    dialogue = "dialogue"
    collective_agreement = "collective_agreement"
    workers_month = "workers_month"
    support = "support"
    house = "house"
    social_criticism = "social_criticism"
    womens_affairs = "womens_affairs"
    other = "other"


class InspectionKind(StrEnum):
    finance = "finance"
    charter = "charter"


class InspectionScope(StrEnum):
    grassroots = "grassroots"  # the office inspects one of its grassroots unions
    same_level = "same_level"  # the office's own finances, before the annual accounts
    by_province = "by_province"  # the province inspects this office


class TargetUnit(StrEnum):
    count = "count"  # type: ignore[assignment]  # the member shadows str.count, by design
    percent = "percent"
    ratio = "ratio"


class TargetMethod(StrEnum):
    computed = "computed"
    entered = "entered"


class TargetScope(StrEnum):
    upper_union = "upper_union"
    province = "province"
