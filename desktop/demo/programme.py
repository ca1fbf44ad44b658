"""The demo office's programme year: the shipped 2024 programme, its quotas and entered progress."""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time

from sqlalchemy import select

from desktop.models import ProgressEntry, Quota, Target
from desktop.programme.loader import load_programme, shipped_programme
from desktop.store import Store

# The province's allocation letter to a district of about 5,000 members, scaled by size.
QUOTAS_PER_5000 = {"2a": 450, "2b": 180, "3a": 2, "3b": 1, "7": 3, "11": 150}
RATE_QUOTAS = {
    "1a": 90,
    "1b": 70,
    "4": 1,
    "5": 100,
    "6b": 82,
    "6c": 60,
    "8": 6,
    "9b": 100,
    "9c": 10,
    "9d": 5,
    "9e": 100,
}


def add_programme_year(db: Store, office_code: str, members: int, seed: int) -> None:
    programme = shipped_programme(2024)
    if programme is None:
        return
    rng = random.Random(seed * 7919)

    def same_id() -> str:  # the same seed gives the same rows, ids included
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    issued = datetime(2024, 1, 11, 8, 0)  # the programme's date; the quota letter a week later
    allocated = datetime(2024, 1, 18, 8, 0)

    def stamps(on: datetime) -> dict[str, datetime]:
        return {"created_at": on, "updated_at": on}

    with db.session() as session:
        programme_id = load_programme(session, programme, new_id=same_id, stamp=issued)
        targets = {
            t.code: t
            for t in session.scalars(select(Target).where(Target.programme_id == programme_id))
        }
        for code, value in QUOTAS_PER_5000.items():
            scaled = max(1, round(value * members / 5000))
            session.add(
                Quota(
                    id=same_id(),
                    target_id=targets[code].id,
                    unit_code=office_code,
                    value=scaled,
                    **stamps(allocated),
                )
            )
        for code, value in RATE_QUOTAS.items():
            session.add(
                Quota(
                    id=same_id(),
                    target_id=targets[code].id,
                    unit_code=office_code,
                    value=value,
                    **stamps(allocated),
                )
            )
        coverage, training = 55.0, 30.0
        # 1a: members and workers of the unions; 1b: workers of the enterprises among them.
        reached, trained = max(1, members), max(1, round(members * 0.45))
        for month in range(1, 13):
            reported = datetime.combine(
                date(2024 + month // 12, month % 12 + 1, 5), time(8, 0)
            )  # the 5th of the next month, when the unions' reports are in
            coverage = min(96.0, coverage + rng.uniform(2.0, 5.0))
            training = min(80.0, training + rng.uniform(1.5, 4.5))
            for code, share, scope in (("1a", coverage, reached), ("1b", training, trained)):
                # The two counts behind the percentage, as an office types them in: people
                # reached out of the people in scope (the province sums both).
                numerator = round(share * scope / 100)
                session.add(
                    ProgressEntry(
                        id=same_id(),
                        target_id=targets[code].id,
                        unit_code=office_code,
                        period=f"2024-{month:02d}",
                        value=round(100 * numerator / scope, 1),
                        numerator=float(numerator),
                        denominator=float(scope),
                        note="Số liệu tổng hợp từ báo cáo của các CĐCS",
                        **stamps(reported),
                    )
                )
