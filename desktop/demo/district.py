"""The office, its grassroots unions with chairs and ratings, and the prospects of the demo district."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.admin_units import AdminUnit, communes_of_district
from desktop.demo import names
from desktop.demo.context import END, START, Demo
from desktop.text import fold

PROVINCE_CODE, DISTRICT_CODE = "83", "836"
OFFICE_CODE = "LDLD-BATRI"


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
    demo.add(
        "office",
        START,
        role="district",
        kind="district_federation",
        code=OFFICE_CODE,
        name="Liên đoàn Lao động huyện Ba Tri",
        short_name="LĐLĐ huyện Ba Tri",
        parent_body="LĐLĐ tỉnh Bến Tre",
        place_name="Ba Tri",
        province_code=PROVINCE_CODE,
        district_code=DISTRICT_CODE,
        doc_prefix="LĐLĐ",
        signer_name="Nguyễn Thị Thanh Hương",
        signer_title="CHỦ TỊCH",
        signer_on_behalf="TM. BAN THƯỜNG VỤ",
        recipients="- LĐLĐ tỉnh Bến Tre;\n- Thường trực Huyện ủy Ba Tri;\n- Lưu: VT.",
    )


def _union_names(
    demo: Demo, count: int, communes: list[AdminUnit]
) -> list[tuple[str, str, str, str]]:
    """(name, sector, employer_type, kind) for `count` unions, about 55 % in the state sector."""
    rng = demo.rng
    picked: list[tuple[str, str, str, str]] = []
    seen: set[str] = set()
    misses = 0
    state_count = round(count * 0.55)
    while len(picked) < count:
        commune = _short(rng.choice(communes))
        if len(picked) < state_count:
            roll = rng.random()
            if roll < 0.25:
                name, etype = rng.choice(names.DISTRICT_AGENCIES), "agency"
            elif roll < 0.32:
                name, etype = rng.choice(names.STATE_ENTERPRISES), "state_enterprise"
            else:
                template = rng.choice(names.AGENCY_UNITS)
                name = template.format(c=commune)
                etype = "agency" if template.startswith(("Ủy", "Trạm")) else "school"
            sector, kind = "state", "workplace"
        else:
            roll = rng.random()
            brand = rng.choice(names.BRANDS)
            if roll < 0.72:
                name, etype = rng.choice(names.PRIVATE_KINDS).format(b=brand), "private_enterprise"
            elif roll < 0.8:
                name = rng.choice(names.FDI_KINDS).format(b=rng.choice(names.FOREIGN_BRANDS))
                etype = "fdi_enterprise"
            elif roll < 0.92:
                name, etype = rng.choice(names.COOPERATIVES).format(c=commune), "cooperative"
            else:
                name, etype = rng.choice(names.TRADES).format(c=commune), "trade"
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
    communes = communes_of_district(DISTRICT_CODE)
    plans: list[UnionPlan] = []
    new_per_year = max(2, count // 10)
    order = list(range(count))
    rng.shuffle(order)
    new_slots = {
        index: 2022 + n // new_per_year for n, index in enumerate(order[: 3 * new_per_year])
    }
    for index, (name, sector, etype, kind) in enumerate(_union_names(demo, count, communes)):
        year = new_slots.get(index)
        founded = (
            demo.day(date(year, 1, 5), date(year, 11, 30))
            if year
            else demo.day(date(1990, 1, 1), date(2021, 6, 30))
        )
        enterprise = etype in {"private_enterprise", "fdi_enterprise", "state_enterprise"}
        if enterprise:
            # Some new enterprise unions are small (< 25 workers): target 3b counts only the others.
            workforce = rng.randint(12, 24) if year and rng.random() < 0.3 else rng.randint(30, 420)
        else:
            workforce = rng.randint(12, 90)
        women_share = 0.7 if etype in {"school", "private_enterprise", "fdi_enterprise"} else 0.45
        elected = _chair_elected(demo, founded)
        trained = None
        if elected >= date(2023, 1, 1) and rng.random() < 0.85:
            trained = min(demo.day(elected, date(elected.year, 12, 20)), END)
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
            note="",
        )
        plans.append(UnionPlan(row, sector, workforce, founded, None))
    _dissolve_some(demo, plans)
    return plans


def _chair_elected(demo: Demo, founded: date) -> date:
    if founded >= START:
        return founded
    roll = demo.rng.random()
    if roll < 0.6:  # 2023 was the congress year of every grassroots union
        return demo.day(date(2023, 3, 1), date(2023, 6, 30))
    if roll < 0.72:
        return demo.day(date(2024, 1, 10), date(2024, 11, 30))
    return demo.day(max(founded, date(2017, 1, 1)), date(2022, 12, 31))


def _dissolve_some(demo: Demo, plans: list[UnionPlan]) -> None:
    old_private = [p for p in plans if p.sector == "non_state" and p.founded < START]
    for plan in demo.rng.sample(old_private, min(3, len(old_private))):
        plan.dissolved = demo.day(date(2023, 3, 1), date(2024, 9, 30))
        plan.row["dissolved_on"] = plan.dissolved
        plan.row["dissolved_reason"] = "Doanh nghiệp giải thể, chấm dứt hoạt động"


def add_ratings(demo: Demo, plans: list[UnionPlan]) -> None:
    unrated_2024 = {id(p) for p in demo.rng.sample(plans, min(5, len(plans)))}
    for year in (2022, 2023, 2024):
        year_end = date(year, 12, 31)
        for plan in plans:
            if plan.founded > date(year, 9, 30) or (plan.dissolved and plan.dissolved <= year_end):
                continue
            if year == 2024 and id(plan) in unrated_2024:
                continue
            good_share = 0.86 if plan.sector == "state" else 0.63
            roll = demo.rng.random()
            if roll < good_share * 0.3:
                rating = "excellent"
            elif roll < good_share:
                rating = "good"
            elif roll < good_share + (1 - good_share) * 0.8:
                rating = "completed"
            else:
                rating = "not_completed"
            rated_on = date(year, 12, 20)
            demo.add(
                "union_rating",
                rated_on,
                union_id=plan.row["id"],
                year=year,
                rating=rating,
                rated_on=rated_on,
            )


def add_prospects(demo: Demo, plans: list[UnionPlan], count: int = 25) -> None:
    rng = demo.rng
    communes = communes_of_district(DISTRICT_CODE)
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
