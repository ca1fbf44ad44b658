"""Members of the demo district and the dated events that move them, 2022–2024."""

from __future__ import annotations

from datetime import date, timedelta

from desktop.demo import names
from desktop.demo.context import END, START, Demo, years_after
from desktop.demo.district import UnionPlan
from desktop.models.member_row import member_values
from desktop.text import clean

POOR = ("poor", "near_poor")


def _person(demo: Demo) -> tuple[str, str, date]:
    rng = demo.rng
    female = rng.random() < 0.55
    family = rng.choices([f for f, _ in names.FAMILY], weights=[w for _, w in names.FAMILY])[0]
    middle = rng.choice(names.MIDDLE_FEMALE if female else names.MIDDLE_MALE)
    given = rng.choice(names.GIVEN_FEMALE if female else names.GIVEN_MALE)
    born = demo.day(date(1965, 1, 1), date(2004, 12, 31))
    return clean(f"{family} {middle} {given}"), "female" if female else "male", born


def _citizen_id(demo: Demo, gender: str, born: date, used: set[str]) -> str:
    rng = demo.rng
    province = "083" if rng.random() < 0.85 else rng.choice(names.OTHER_PROVINCE_CODES)
    century = 0 if born.year < 2000 else 2
    digit = century + (1 if gender == "female" else 0)
    while True:
        candidate = f"{province}{digit}{born.year % 100:02d}{rng.randint(0, 999_999):06d}"
        if candidate not in used:
            used.add(candidate)
            return candidate


class Population:
    """Builds members with a consistent history: status and union follow the latest event."""

    def __init__(self, demo: Demo, plans: list[UnionPlan]) -> None:
        self.demo = demo
        self.plans = plans
        self.used_ids: set[str] = set()
        self.members: list[dict] = []

    def _alive(self, on: date) -> list[UnionPlan]:
        return [p for p in self.plans if p.founded <= on and (not p.dissolved or p.dissolved > on)]

    def _pick_union(self, on: date, exclude: str | None = None) -> UnionPlan:
        alive = [p for p in self._alive(on) if p.row["id"] != exclude]
        if not alive:  # before the oldest union was founded: the caller moves the date forward
            return min((p for p in self.plans if not p.dissolved), key=lambda p: p.founded)
        return self.demo.rng.choices(alive, weights=[p.workforce for p in alive])[0]

    def _event(self, member: dict, kind: str, on: date, **union_ids: str | None) -> None:
        self.demo.add(
            "member_event",
            on,
            member_id=member["id"],
            kind=kind,
            event_date=on,
            from_union_id=union_ids.get("from_union"),
            to_union_id=union_ids.get("to_union"),
            reason=union_ids.get("reason") or "",
        )

    def add_member(self, index: int) -> None:
        demo, rng = self.demo, self.demo.rng
        full_name, gender, born = _person(demo)
        roll = rng.random()
        earliest = years_after(born, 18)
        if roll < 0.74 and earliest < date(2021, 12, 1):
            start_kind, start = (
                "admitted",
                demo.day(max(earliest, date(1995, 1, 1)), date(2021, 12, 31)),
            )
        elif roll < 0.97:
            start_kind, start = "admitted", demo.day(max(earliest, START), END)
        else:
            start_kind, start = "transferred_in", demo.day(max(earliest, START), END)
        if start > END:
            start_kind, start = "admitted", max(earliest, START)
            start = min(start, END)
        union = self._pick_union(start)
        if union.founded > start:
            start = union.founded
        member = demo.add(
            "member",
            start if start >= START else START,
            **member_values(
                union_id=union.row["id"],
                full_name=full_name,
                gender=gender,
                birth_date=born,
                citizen_id=_citizen_id(demo, gender, born, self.used_ids),
                card_number=f"83{index + 1:08d}",
                phone=f"09{rng.randint(10_000_000, 99_999_999)}",
                ethnicity="Kinh" if rng.random() < 0.97 else "Khmer",
                job_title=rng.choice(
                    names.JOBS_STATE if union.sector == "state" else names.JOBS_NON_STATE
                ),
                joined_on=start,
                household_status="none",
            ),
        )
        self.members.append(member)
        self._event(member, start_kind, start, to_union=union.row["id"])
        self._later_history(member, union, start)

    def _later_history(self, member: dict, union: UnionPlan, since: date) -> None:
        demo, rng = self.demo, self.demo.rng
        current, on = union, max(since, START)
        while True:
            roll = rng.random()
            if roll < 0.2:
                when = demo.day(on + timedelta(days=20), END + timedelta(days=400))
                if when > END:
                    break
                if current.dissolved and when >= current.dissolved:
                    break
                self._event(
                    member,
                    "left",
                    when,
                    from_union=current.row["id"],
                    reason=rng.choice(names.LEAVE_REASONS),
                )
                member["status"] = "left"
                if rng.random() < 0.08 and when < date(2024, 9, 1):
                    back = demo.day(when + timedelta(days=60), END)
                    current = self._pick_union(back)
                    self._event(member, "readmitted", back, to_union=current.row["id"])
                    member.update(status="active", union_id=current.row["id"])
                    on = back
                    continue
                break
            if roll < 0.24:
                when = demo.day(on + timedelta(days=20), END + timedelta(days=300))
                if when > END or (current.dissolved and when >= current.dissolved):
                    break
                self._event(
                    member,
                    "transferred_out",
                    when,
                    from_union=current.row["id"],
                    reason=rng.choice(names.TRANSFER_REASONS),
                )
                member["status"] = "transferred_out"
                break
            if roll < 0.285:
                when = demo.day(on + timedelta(days=20), END + timedelta(days=300))
                if when > END or (current.dissolved and when >= current.dissolved):
                    break
                target = self._pick_union(when, exclude=current.row["id"])
                self._event(
                    member,
                    "transferred",
                    when,
                    from_union=current.row["id"],
                    to_union=target.row["id"],
                    reason=rng.choice(names.TRANSFER_REASONS),
                )
                current, on = target, when
                member["union_id"] = target.row["id"]
                continue
            break
        self._close_dissolved(member, current)

    def _close_dissolved(self, member: dict, current: UnionPlan) -> None:
        """Members still in a union when it dissolves move to another union or leave that day."""
        if member["status"] != "active" or not current.dissolved:
            return
        when = current.dissolved
        if self.demo.rng.random() < 0.5:
            target = self._pick_union(when, exclude=current.row["id"])
            self._event(
                member,
                "transferred",
                when,
                from_union=current.row["id"],
                to_union=target.row["id"],
                reason="CĐCS giải thể",
            )
            member["union_id"] = target.row["id"]
            self._later_history(member, target, when)
        else:
            self._event(member, "left", when, from_union=current.row["id"], reason="CĐCS giải thể")
            member["status"] = "left"


IN_FORCE = ("admitted", "readmitted", "transferred_in", "transferred")


def _member_on(demo: Demo, days: tuple[date, ...]) -> dict[str, tuple[bool, ...]]:
    """For each member id: whether they were in the office on each of `days`."""
    latest: dict[str, list[str | None]] = {}
    for event in demo.rows.get("member_event", []):  # in date order within each member
        states = latest.setdefault(event["member_id"], [None] * len(days))
        for index, day in enumerate(days):
            if event["event_date"] <= day:
                states[index] = event["kind"]
    return {m: tuple(kind in IN_FORCE for kind in states) for m, states in latest.items()}


YEARS_REVIEWED = (2021, 2022, 2023, 2024)


def add_households(demo: Demo, members: list[dict]) -> None:
    """Yearly poverty reviews on 15 December: 11 % of the reviewed members poor or near-poor in
    2021; each later year 6 % of those households escape (the province's 6–10 % target) and a
    tenth of the poor ones become near-poor.

    The shares are drawn within each group of members alike in whether they were in the office at
    the start and at the end of 2024, not as a chance per member: those who came and went carry
    the same share as those who stayed, so target 8 shows the escapes, not who happened to move.
    """
    rng = demo.rng
    present = _member_on(demo, (date(2023, 12, 31), END))
    groups: dict[tuple[bool, ...], list[dict]] = {}
    for member in members:
        if rng.random() < 0.15:
            member["household_status"] = None  # never reviewed: the office does not know
            continue
        groups.setdefault(present[member["id"]], []).append(member)
    for key in sorted(groups):
        group = groups[key]
        households = [
            (member, ["poor" if rng.random() < 4 / 11 else "near_poor"])
            for member in rng.sample(group, round(len(group) * 0.11))
        ]
        for _year in (2022, 2023, 2024):
            still = [i for i, (_, history) in enumerate(households) if history[-1] in POOR]
            escaping = set(rng.sample(still, round(len(still) * 0.06)))
            for index, (_, history) in enumerate(households):
                status = history[-1]
                if index in escaping:
                    status = "escaped"
                elif status == "poor" and rng.random() < 0.1:
                    status = "near_poor"
                history.append(status)
        for member, history in households:
            for year, status in zip(YEARS_REVIEWED, history, strict=True):
                reviewed = date(year, 12, 15)
                demo.add(
                    "household_review",
                    reviewed if reviewed >= START else START,
                    member_id=member["id"],
                    reviewed_on=reviewed,
                    status=status,
                )
            member["household_status"] = history[-1]
        _review_the_others(demo, group, {member["id"] for member, _ in households})


def _review_the_others(demo: Demo, group: list[dict], poor: set[str]) -> None:
    """The same yearly reviews find the other households of the group not poor: target 8 is
    measured over the members reviewed at both ends, so they are written too (from the side
    generator, which leaves every other figure of the demo where it was)."""
    for member in group:
        if member["id"] in poor:
            continue
        reviewed = [
            date(y, 12, 15) for y in YEARS_REVIEWED if date(y, 12, 15) >= member["joined_on"]
        ]
        for day in reviewed:
            demo.add_aside(
                "household_review",
                day if day >= START else START,
                member_id=member["id"],
                reviewed_on=day,
                status="none",
            )
        member["household_status"] = "none" if reviewed else None


def add_party_and_smartca(demo: Demo, members: list[dict], unions: int) -> None:
    rng = demo.rng
    active = [m for m in members if m["status"] == "active"]
    # Target 4 asks one introduction per grassroots union a year; offices get close to it.
    per_year = round(unions * 0.85)
    for year in (2022, 2023, 2024):
        year_end = date(year, 12, 31)
        free = [m for m in active if m["party_introduced_on"] is None and m["joined_on"] < year_end]
        for member in rng.sample(free, min(len(free), per_year)):
            member["party_introduced_on"] = demo.day(
                max(date(year, 1, 1), member["joined_on"]), year_end
            )
    for member in rng.sample(active, min(len(active), len(active) * 6 // 100)):
        installed = demo.day(date(2023, 3, 1), END)
        member["smartca_installed_on"] = max(installed, member["joined_on"])


def name_chairs(plans: list[UnionPlan], members: list[dict]) -> None:
    by_union: dict[str, str] = {}
    for member in members:
        by_union.setdefault(member["union_id"], member["full_name"])
    for plan in plans:
        plan.row["chair_name"] = by_union.get(plan.row["id"], "")
