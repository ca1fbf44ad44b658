"""The office, its grassroots unions with chairs and ratings, and the prospects of the demo district."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from desktop.admin_units import AdminUnit, communes_of_district
from desktop.demo import names
from desktop.demo.context import BA_TRI, END, START, Demo
from desktop.text import fold

PROVINCE_CODE, DISTRICT_CODE = BA_TRI.province_code, BA_TRI.district_code
OFFICE_CODE = BA_TRI.code


@dataclass
class UnionPlan:
    row: dict
    sector: str
    workforce: int
    founded: date
    dissolved: date | None


def _short(commune: AdminUnit) -> str:
    for prefix in ("Thị trấn ", "Xã ", "Phường "):
        if commune.name.startswith(prefix):
            return commune.name[len(prefix) :]
    return commune.name


def add_office(demo: Demo) -> None:
    spec = demo.office
    party = (
        f"Thường trực Huyện ủy {spec.place}"
        if spec.place_full.startswith("huyện")
        else f"Thường trực {spec.place_full[0].upper()}{spec.place_full[1:]} ủy"
        if spec.place_full.startswith("thành phố")
        else "Đảng ủy cơ quan"
    )
    demo.add(
        "office",
        START,
        role="district",
        kind=spec.kind,
        kind_name=spec.kind_name,
        code=spec.code,
        name=spec.name,
        short_name=spec.short_name,
        parent_body=spec.parent_body,
        place_name=spec.place,
        province_code=spec.province_code,
        district_code=spec.district_code,
        doc_prefix="LĐLĐ" if spec.kind == "district_federation" else "CĐ",
        signer_name=spec.signer_name,
        signer_title="CHỦ TỊCH",
        signer_on_behalf="TM. BAN THƯỜNG VỤ",
        recipients=f"- {spec.parent_body};\n- {party};\n- Lưu: VT.",
    )


def _placed(demo: Demo, name: str) -> str:
    """A stock name of the Ba Tri demo, moved to the office's own place."""
    spec = demo.office
    if spec.place == BA_TRI.place:
        return name
    return name.replace("huyện Ba Tri", spec.place_full).replace("Ba Tri", spec.place)


# The state sector's share of an office's unions, by its `sector` (a district: 55 %).
STATE_SHARE = {"industrial_zones": 0.04, "education": 1.0, "health": 1.0, "civil_service": 1.0}


def _sector_name(demo: Demo, sector: str, commune: str) -> tuple[str, str]:
    """(name, employer type) of one state unit of a sector union or the civil servants' union."""
    rng = demo.rng
    if sector == "education":
        if rng.random() < 0.15:
            return rng.choice(names.HIGH_SCHOOLS), "school"
        return rng.choice(names.SCHOOL_UNITS).format(c=commune), "school"
    if sector == "health":
        if rng.random() < 0.3:
            return rng.choice(names.PROVINCE_HEALTH), "agency"
        return rng.choice(names.HEALTH_UNITS).format(c=commune), "agency"
    if sector == "industrial_zones":
        return rng.choice(names.ZONE_AGENCIES), "agency"
    return rng.choice(names.PROVINCE_AGENCIES), "agency"


def communes_of(demo: Demo) -> list[AdminUnit]:
    """Where the office's unions are: its district's communes, or the whole province's for a
    union of the province's schools, health units or departments."""
    spec = demo.office
    if spec.sector in ("education", "health", "civil_service"):
        from desktop.admin_units import units

        districts = [u.code for u in units() if u.parent_code == spec.province_code]
        return [c for d in districts for c in communes_of_district(d)]
    return communes_of_district(spec.district_code)


def _union_names(
    demo: Demo, count: int, communes: list[AdminUnit]
) -> list[tuple[str, str, str, str]]:
    """(name, sector, employer_type, kind) for `count` unions, about 55 % in the state sector."""
    rng = demo.rng
    picked: list[tuple[str, str, str, str]] = []
    seen: set[str] = set()
    misses = 0
    sector_kind = demo.office.sector
    state_count = round(count * STATE_SHARE.get(sector_kind, 0.55))
    while len(picked) < count:
        commune = _short(rng.choice(communes))
        if sector_kind and len(picked) < state_count:
            name, etype = _sector_name(demo, sector_kind, commune)
            sector, kind = "state", "workplace"
        elif len(picked) < state_count:
            roll = rng.random()
            if roll < 0.25:
                name, etype = _placed(demo, rng.choice(names.DISTRICT_AGENCIES)), "agency"
            elif roll < 0.32:
                name = _placed(demo, rng.choice(names.STATE_ENTERPRISES))
                etype = "state_enterprise"
            else:
                template = rng.choice(names.AGENCY_UNITS)
                name = template.format(c=commune)
                etype = "agency" if template.startswith(("Ủy", "Trạm")) else "school"
            sector, kind = "state", "workplace"
        else:
            roll = rng.random()
            if sector_kind == "industrial_zones":
                roll *= 0.8  # enterprises only: no cooperatives or trades in a zone
            brand = rng.choice(names.BRANDS)
            if roll < 0.72:
                name, etype = rng.choice(names.PRIVATE_KINDS).format(b=brand), "private_enterprise"
            elif roll < 0.8:
                name = rng.choice(names.FDI_KINDS).format(b=rng.choice(names.FOREIGN_BRANDS))
                etype = "fdi_enterprise"
            elif roll < 0.92:
                name, etype = rng.choice(names.COOPERATIVES).format(c=commune), "cooperative"
            else:
                name = _placed(demo, rng.choice(names.TRADES).format(c=commune))
                etype = "trade"
            sector, kind = "non_state", "trade_based" if etype == "trade" else "workplace"
        full = (
            ("Nghiệp đoàn " + name[len("Nghiệp đoàn ") :])
            if kind == "trade_based"
            else (f"Công đoàn cơ sở {name}")
        )
        if fold(full) in seen:
            misses += 1
            if misses < 50:
                continue
            # A big district runs out of distinct names: number them as real offices do.
            number = 2
            while fold(f"{full} {number}") in seen:
                number += 1
            full = f"{full} {number}"
        misses = 0
        seen.add(fold(full))
        picked.append((full, sector, etype, kind))
    return picked


def add_unions(demo: Demo, count: int) -> list[UnionPlan]:
    rng = demo.rng
    communes = communes_of(demo)
    plans: list[UnionPlan] = []
    names_list = _union_names(demo, count, communes)
    new_slots = _new_union_slots(demo, names_list)
    for index, (name, sector, etype, kind) in enumerate(names_list):
        year, large = new_slots.get(index, (None, False))
        founded = (
            demo.day(date(year, 1, 5), date(year, 11, 30))
            if year
            else demo.day(date(1990, 1, 1), date(2021, 6, 30))
        )
        enterprise = etype in {"private_enterprise", "fdi_enterprise", "state_enterprise"}
        if enterprise:
            # Some new enterprise unions are small (< 25 workers): target 3b counts only the others.
            workforce = rng.randint(12, 24) if year and not large else rng.randint(30, 420)
        else:
            workforce = rng.randint(12, 90)
        women_share = 0.7 if etype in {"school", "private_enterprise", "fdi_enterprise"} else 0.45
        elected = _chair_elected(demo, founded)
        trained = None
        if elected >= date(2023, 1, 1) and rng.random() < 0.85:
            trained = min(demo.day(elected, date(elected.year, 12, 20)), END)
        reelected, trained = _reelection(demo, founded, elected, trained)
        row = demo.add(
            "grassroots_union",
            founded if founded >= START else START,
            name=name,
            name_key=fold(name),
            sector=sector,
            kind=kind,
            employer_type=etype,
            commune_code=rng.choice(communes).code,
            address="",
            phone=f"0275 3{rng.randint(100000, 999999)}",
            workforce_total=workforce,
            workforce_women=round(workforce * women_share * rng.uniform(0.8, 1.1)),
            founded_on=founded,
            dissolved_on=None,
            dissolved_reason="",
            chair_name="",
            chair_elected_on=elected,
            chair_trained_on=trained,
            chair_reelected=reelected,
            note="",
        )
        plans.append(UnionPlan(row, sector, workforce, founded, None))
    _dissolve_some(demo, plans)
    return plans


def _new_union_slots(
    demo: Demo, picked: list[tuple[str, str, str, str]]
) -> dict[int, tuple[int, bool]]:
    """Which unions were founded in 2022, 2023 and 2024, and whether in a ≥ 25-worker enterprise.

    About one new union a year per 50 unions (a district of 100 founds two, as the province's
    quota of 20 over its nine districts asks), in non-state enterprises where workers are
    recruited; half of each year's (rounded up) in enterprises with 25 workers or more (target 3b).
    """
    per_year = max(1, round(len(picked) / 50))
    enterprises = [
        i
        for i, (_, sector, etype, _) in enumerate(picked)
        if sector == "non_state" and etype in ("private_enterprise", "fdi_enterprise")
    ]
    others = [i for i, (_, sector, _, _) in enumerate(picked) if sector == "non_state"]
    pool = enterprises if len(enterprises) >= 3 * per_year else others
    chosen = demo.rng.sample(pool, min(len(pool), 3 * per_year))
    large = (per_year + 1) // 2
    return {index: (2022 + n // per_year, n % per_year < large) for n, index in enumerate(chosen)}


def _chair_elected(demo: Demo, founded: date) -> date:
    if founded >= START:
        return founded
    roll = demo.rng.random()
    if roll < 0.6:  # 2023 was the congress year of every grassroots union
        return demo.day(date(2023, 3, 1), date(2023, 6, 30))
    if roll < 0.72:
        return demo.day(date(2024, 1, 10), date(2024, 11, 30))
    return demo.day(max(founded, date(2017, 1, 1)), date(2022, 12, 31))


# How often the sitting chair is elected again: at the 2023 congress of every grassroots union
# about half; at an election between congresses (the chair left) seldom; a new union's first
# chair never.
REELECTED_SHARE = {"congress": 0.5, "between": 0.15, "earlier": 0.45}


def _reelection(
    demo: Demo, founded: date, elected: date, trained: date | None
) -> tuple[bool, date | None]:
    """Whether the chair elected on `elected` was the sitting one, and their training: a
    re-elected chair was trained in an earlier term; a few new chairs were trained before their
    election (as vice-chair), which counts for the new term (target 5)."""
    side = demo.side
    if elected == founded:
        return False, trained
    if date(2023, 3, 1) <= elected <= date(2023, 6, 30):
        share = REELECTED_SHARE["congress"]
    elif elected.year >= 2024:
        share = REELECTED_SHARE["between"]
    else:
        share = REELECTED_SHARE["earlier"]
    if side.random() < share:
        if side.random() < 0.2:
            return True, None  # never trained, or nobody wrote it down
        first = max(founded, date(2012, 1, 1))
        last = max(first, elected - timedelta(days=400))
        return True, first + timedelta(days=side.randint(0, (last - first).days))
    if trained is not None and side.random() < 0.15:
        # Trained as vice-chair a few months before the election.
        return False, max(founded, elected - timedelta(days=side.randint(60, 300)))
    return False, trained


def _dissolve_some(demo: Demo, plans: list[UnionPlan]) -> None:
    old_private = [p for p in plans if p.sector == "non_state" and p.founded < START]
    # About one union in thirty closes over 2023–2024 (three in a district of a hundred), mostly
    # small firms, in turn one year and the next: a whole workforce leaving at once would swamp
    # a year's net increase (target 2b) by the luck of the draw.
    small = [p for p in old_private if p.workforce <= 90] or old_private
    closing = max(1, round(len(plans) * 0.03))
    for n, plan in enumerate(demo.rng.sample(small, min(closing, len(small)))):
        year = 2023 + n % 2
        plan.dissolved = demo.day(date(year, 3, 1), date(year, 9, 30))
        plan.row["dissolved_on"] = plan.dissolved
        plan.row["dissolved_reason"] = "Doanh nghiệp giải thể, chấm dứt hoạt động"


GOOD_SHARE = {"state": 0.86, "non_state": 0.63}  # rated good or excellent (targets 6b, 6c)


def add_ratings(demo: Demo, plans: list[UnionPlan]) -> None:
    """Year-end ratings, 20 December; a few unions not rated yet for 2024.

    Each sector's share rated good or better is drawn as a share of its unions (a third of them
    excellent), not as a chance per union, so a small district still looks like its province.
    """
    rng = demo.rng
    unrated_2024 = {id(p) for p in rng.sample(plans, min(5, len(plans)))}
    for year in (2022, 2023, 2024):
        year_end = date(year, 12, 31)
        rated = [
            p
            for p in plans
            if p.founded <= date(year, 9, 30)
            and not (p.dissolved and p.dissolved <= year_end)
            and not (year == 2024 and id(p) in unrated_2024)
        ]
        ratings: dict[int, str] = {}
        for sector, share in GOOD_SHARE.items():
            members = [p for p in rated if p.sector == sector]
            good = rng.sample(members, round(len(members) * share))
            excellent = {id(p) for p in rng.sample(good, round(len(good) * 0.3))}
            chosen = {id(p) for p in good}
            for plan in members:
                if id(plan) in excellent:
                    ratings[id(plan)] = "excellent"
                elif id(plan) in chosen:
                    ratings[id(plan)] = "good"
                else:
                    ratings[id(plan)] = "completed" if rng.random() < 0.8 else "not_completed"
        rated_on = date(year, 12, 20)
        for plan in rated:
            demo.add(
                "union_rating",
                rated_on,
                union_id=plan.row["id"],
                year=year,
                rating=ratings[id(plan)],
                rated_on=rated_on,
            )


def add_prospects(demo: Demo, plans: list[UnionPlan], count: int = 25) -> None:
    rng = demo.rng
    communes = communes_of(demo)
    founded = [p for p in plans if p.founded >= date(2023, 1, 1) and "Công ty" in p.row["name"]]
    for plan in founded[:4]:
        demo.add(
            "enterprise",
            plan.founded,
            name=plan.row["name"].removeprefix("Công đoàn cơ sở "),
            employer_type=plan.row["employer_type"],
            commune_code=plan.row["commune_code"],
            address="",
            workforce_total=plan.workforce,
            workforce_women=plan.row["workforce_women"],
            status="founded",
            status_on=plan.founded,
            union_id=plan.row["id"],
            note="Đã thành lập CĐCS sau vận động",
        )
    statuses = ("identified", "contacted", "mobilising", "dropped")
    for n in range(count - len(founded[:4])):
        workforce = rng.choice((rng.randint(8, 24), rng.randint(25, 400)))
        status = rng.choice(statuses)
        name = rng.choice(names.PRIVATE_KINDS).format(b=f"{rng.choice(names.BRANDS)} {n + 1}")
        demo.add(
            "enterprise",
            demo.day(date(2023, 1, 1), END),
            name=name,
            employer_type="private_enterprise",
            commune_code=rng.choice(communes).code,
            address="",
            workforce_total=workforce,
            workforce_women=workforce // 2,
            status=status,
            status_on=demo.day(date(2024, 1, 1), END),
            union_id=None,
            note="Chủ doanh nghiệp chưa đồng ý" if status == "dropped" else "",
        )
