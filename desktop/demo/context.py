"""Shared state of one demo generation: the seeded generator and the rows gathered per table."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

START = date(2022, 1, 1)
END = date(2024, 12, 31)


@dataclass(frozen=True)
class OfficeSpec:
    """Which upper-level union a demo generation makes: its code, names and where it works.

    `district_code` gives the communes its grassroots unions sit in; `place_full` replaces
    «huyện Ba Tri» and `place` replaces «Ba Tri» in the stock names of district agencies."""

    code: str
    name: str
    short_name: str
    place: str
    place_full: str
    district_code: str
    kind: str = "district_federation"
    kind_name: str = ""
    # Whose grassroots unions it has: "" a district's mix; "industrial_zones" enterprises;
    # "education", "health", "civil_service" the province's schools, health units, departments.
    sector: str = ""
    signer_name: str = "Nguyễn Thị Thanh Hương"
    province_code: str = "83"
    parent_body: str = "LĐLĐ tỉnh Bến Tre"


BA_TRI = OfficeSpec(
    code="LDLD-BATRI",
    name="Liên đoàn Lao động huyện Ba Tri",
    short_name="LĐLĐ huyện Ba Tri",
    place="Ba Tri",
    place_full="huyện Ba Tri",
    district_code="836",
)


@dataclass
class Demo:
    rng: random.Random
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # Draws for facts added after the demo's figures were settled (a chair's re-election, the
    # houses of a handover): a generator of their own leaves every earlier draw where it was.
    side: random.Random = field(default_factory=lambda: random.Random(0))
    office: OfficeSpec = BA_TRI

    def new_id(self) -> str:
        # From the seeded generator, never uuid4(): the same seed must give the same ids.
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def add(self, table: str, on: date | None, **values: Any) -> dict[str, Any]:
        """Queue one row; its timestamps derive from its own date so reruns are identical."""
        stamp = datetime.combine(on or START, time(8, 0))
        row = {"id": self.new_id(), "created_at": stamp, "updated_at": stamp, "deleted_at": None}
        row.update(values)
        self.rows.setdefault(table, []).append(row)
        return row

    def add_aside(self, table: str, on: date | None, **values: Any) -> dict[str, Any]:
        """`add`, its id drawn from the side generator: rows added after the demo's figures were
        settled leave the main generator's draws, and so every other row, as they were."""
        stamp = datetime.combine(on or START, time(8, 0))
        row = {
            "id": str(uuid.UUID(int=self.side.getrandbits(128), version=4)),
            "created_at": stamp,
            "updated_at": stamp,
            "deleted_at": None,
        }
        row.update(values)
        self.rows.setdefault(table, []).append(row)
        return row

    def day(self, first: date, last: date) -> date:
        if last <= first:
            return first
        return first + timedelta(days=self.rng.randint(0, (last - first).days))

    def chance(self, p: float) -> bool:
        return self.rng.random() < p


def years_after(born: date, years: int) -> date:
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # 29 February
        return born.replace(year=born.year + years, day=28)
