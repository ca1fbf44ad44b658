"""Pace: where a target stands against where its pacing rule says the office should be by the end
of a month, in words and colours shared by the screens and the reports.

Plain values only (no database, no Qt): the first paint of the dashboard imports it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from desktop.periods import Period


class Paced(Protocol):
    """What pace reads of a target's progress (desktop.services.progress.TargetProgress)."""

    @property
    def quota(self) -> float | None: ...
    @property
    def year_to_date(self) -> float | None: ...
    @property
    def pacing(self) -> str: ...


# Pace: the share of the quota reached, compared with where the target's pacing rule says the
# office should be by the end of the month (see desktop.programme.loader.PACINGS).
ON_TRACK, BEHIND, FAR_BEHIND, NOT_DUE, NO_QUOTA = (
    "on_track",
    "behind",
    "far_behind",
    "not_due",
    "no_quota",
)
PACE_COLOURS = {
    ON_TRACK: "#2e7d32",
    BEHIND: "#e0a100",
    FAR_BEHIND: "#c62828",
    NOT_DUE: "#5b7fb5",
    NO_QUOTA: "#9aa5b1",
}
PACE_LABELS = {
    ON_TRACK: "đúng tiến độ",
    BEHIND: "chậm",
    FAR_BEHIND: "chậm nhiều",
    NOT_DUE: "chưa đến kỳ đánh giá",
    NO_QUOTA: "chưa có chỉ tiêu giao",
}


def expected_share(pacing: str, period: Period) -> float | None:
    """The share of the quota due by the end of `period`; None when it is not judged yet.

    linear: months gone by / 12 (by June, half); level: the quota itself whenever measured;
    year_end: the quota in December, nothing before (ratings and reviews come at the year's end).
    """
    month = period.last.month
    if pacing == "linear":
        return month / 12
    if pacing == "year_end":
        return 1.0 if month == 12 else None
    return 1.0


def expected_text(pacing: str, period: Period) -> str:
    """Where the office should be, in words, for the pace bar's tooltip."""
    share = expected_share(pacing, period)
    if share is None:
        return "đánh giá vào cuối năm: trước tháng 12 chưa tính là chậm"
    if pacing == "linear":
        return (
            f"đến hết tháng {period.last.month} nên đạt khoảng {round(100 * share)} % chỉ tiêu giao"
        )
    if pacing == "year_end":
        return "cuối năm: cần đạt chỉ tiêu giao"
    return "tỷ lệ cần đạt bằng chỉ tiêu giao ở mọi kỳ"


def pace(target: Paced, period: Period) -> str:
    """On track, behind, far behind or not due yet, by the target's pacing rule.

    A count that builds up over the year is on track in June with half its quota (linear); a rate
    is compared with the quota itself (level); a rating given at the year's end is not judged
    before December (year_end), unless it has already reached the quota.
    """
    if target.quota in (None, 0) or target.year_to_date is None:
        return NO_QUOTA
    reached = target.year_to_date / float(target.quota)
    expected = expected_share(target.pacing, period)
    if expected is None:
        return ON_TRACK if reached >= 1.0 else NOT_DUE
    if reached >= expected:
        return ON_TRACK
    if reached >= 0.75 * expected:
        return BEHIND
    return FAR_BEHIND
