"""bundle_export_30k and merge_12x12500: the monthly bundle against its plain-library floor.

bundle_export_30k: a full bundle of a 30,000-member district vs reading the same rows, json.dumps,
zip (deflate) and one Ed25519 signature. merge_12x12500: twelve offices' bundles of 12,500 members
merged into an empty province vs a plain `INSERT … SELECT` of the same rows from attached files.
"""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
import time
import uuid
import zipfile
from pathlib import Path

from bench.common import demo_database, entry
from desktop.store import shared


def _quiet(_purpose: str, _new: bool) -> str:
    return "bench passphrase"


def _keys() -> None:
    import keyring

    from desktop.sync.memory_keyring import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())  # bench keys live and die with this process


def _office(path: Path, role: str, code: str, name: str) -> None:
    from desktop.services.office import init_office
    from desktop.sync.keys import create_office_keys

    init_office(shared(path), role=role, unit_code=code, unit_name=name)
    create_office_keys(shared(path), passphrase=_quiet)


def _adopt(demo: Path, target: Path, code: str, name: str) -> None:
    """A copy of the demo district that answers to `code` and has its own keys."""
    from desktop.sync.keys import create_office_keys

    shutil.copyfile(demo, target)
    with sqlite3.connect(target) as con:
        con.execute("UPDATE office SET code = ?, name = ?", (code, name))
        con.execute("UPDATE progress_entry SET unit_code = ?", (code,))
    create_office_keys(shared(target), passphrase=_quiet)


def _trust(district: Path, province: Path, scratch: Path, code: str) -> None:
    from desktop.sync.keys import export_card, trust_card

    export_card(shared(district), scratch / f"{code}.card", passphrase=_quiet)
    export_card(shared(province), scratch / "province.card", passphrase=_quiet)
    trust_card(shared(province), scratch / f"{code}.card")
    trust_card(shared(district), scratch / "province.card")


def _plain_export(db: Path) -> None:
    from desktop.sync.format.crypto import generate_key_pair
    from desktop.sync.format.tables import TABLE_ORDER

    pair = generate_key_pair()
    con = sqlite3.connect(db)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in TABLE_ORDER:
            rows = con.execute(f"SELECT * FROM {table}").fetchall()
            archive.writestr(f"{table}.json", json.dumps(rows, ensure_ascii=False))
    pair.sign(buffer.getvalue()[:64])
    con.close()


def _scaled_unit(demo: Path, target: Path, code: str) -> None:
    """The demo district with fresh UUIDs everywhere, so twelve of them can live side by side."""
    from desktop.sync.format.tables import TABLE_ORDER

    shutil.copyfile(demo, target)
    con = sqlite3.connect(target)
    con.execute("PRAGMA foreign_keys=OFF")
    prefix = uuid.uuid5(uuid.NAMESPACE_DNS, code).hex[:8]
    id_columns = {
        "grassroots_union": ["id"],
        "union_rating": ["id", "union_id"],
        "enterprise": ["id", "union_id"],
        "member": ["id", "union_id"],
        "member_event": ["id", "member_id", "from_union_id", "to_union_id"],
        "household_review": ["id", "member_id"],
        "activity": ["id", "beneficiary_member_id"],
        "activity_union": ["activity_id", "union_id"],
        "inspection": ["id", "union_id"],
        "complaint": ["id", "union_id"],
        "narrative": ["id"],
        "progress_entry": ["id"],
    }
    for table in TABLE_ORDER:
        for column in id_columns.get(table, []):
            con.execute(
                f"UPDATE {table} SET {column} = ? || substr({column}, 9) WHERE {column} IS NOT NULL",
                (prefix,),
            )
    con.execute("UPDATE office SET code = ?", (code,))
    con.execute("UPDATE progress_entry SET unit_code = ?", (code,))
    con.commit()
    con.close()


def _plain_merge(sources: list[Path], target: Path) -> None:
    from desktop.sync.format.tables import TABLE_ORDER

    con = sqlite3.connect(target)
    con.execute("PRAGMA foreign_keys=OFF")
    tables = [t for t in TABLE_ORDER if t not in ("progress_entry", "narrative")]
    for index, source in enumerate(sources):
        con.execute(f"ATTACH DATABASE ? AS s{index % 9}", (str(source),))
        for table in tables:
            columns = [
                r[1] for r in con.execute(f"PRAGMA table_info({table})") if r[1] != "unit_code"
            ]
            names = ", ".join(columns)
            con.execute(
                f"INSERT INTO {table} ({names}, unit_code) SELECT {names}, ? FROM s{index % 9}.{table}",
                (f"U{index}",),
            )
        con.commit()
        con.execute(f"DETACH DATABASE s{index % 9}")
    con.close()


def run(results: list[dict[str, object]], scratch: Path) -> None:
    from desktop.services.bundles import process_files
    from desktop.sync.office.export import export_bundle

    _keys()
    demo = demo_database(scratch, 30000)
    district = scratch / "sync-district.sqlite"
    province = scratch / "sync-province.sqlite"
    _adopt(demo, district, "LDLD-BATRI", "Liên đoàn Lao động huyện Ba Tri")
    _office(province, "province", "LDLD-BENTRE", "Liên đoàn Lao động tỉnh Bến Tre")
    _trust(district, province, scratch, "LDLD-BATRI")
    export_bundle(shared(district), "2024-05", scratch / "warm.udb", passphrase=_quiet)
    start = time.perf_counter()
    export_bundle(shared(district), "2024-06", scratch / "b30k.udb", passphrase=_quiet)
    ours = time.perf_counter() - start
    start = time.perf_counter()
    _plain_export(district)
    plain = time.perf_counter() - start
    results.append(entry("bundle_export_30k", ours, "s", plain, "≤ 3 s and ≤ 2×"))

    small = demo_database(scratch, 12500)
    bundles, sources = [], []
    target = scratch / "merge-province.sqlite"
    _office(target, "province", "LDLD-BENTRE", "Liên đoàn Lao động tỉnh Bến Tre")
    for index in range(12):
        code = f"LDLD-U{index:02d}"
        unit = scratch / f"unit-{index}.sqlite"
        _scaled_unit(small, unit, code)
        from desktop.sync.keys import create_office_keys

        create_office_keys(shared(unit), passphrase=_quiet)
        _trust(unit, target, scratch, code)
        out = scratch / f"unit-{index}.udb"
        export_bundle(shared(unit), "2024-06", out, passphrase=_quiet)
        bundles.append(out)
        sources.append(unit)
    start = time.perf_counter()
    verdicts = process_files(shared(target), bundles, write=True, passphrase=_quiet)
    ours = time.perf_counter() - start
    assert all(v.verdict == "merged" for v in verdicts), [v.message for v in verdicts]
    plain_target = scratch / "plain-province.sqlite"
    _office(plain_target, "province", "LDLD-BENTRE", "Liên đoàn Lao động tỉnh Bến Tre")
    start = time.perf_counter()
    _plain_merge(sources, plain_target)
    plain = time.perf_counter() - start
    results.append(entry("merge_12x12500", ours, "s", plain, "≤ 3×"))
