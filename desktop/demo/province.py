"""A living demo province: LĐLĐ tỉnh Bến Tre holding its upper-level unions' bundles of 2024.

Each office is a demo district of its own (its code, name, place, seed and key), made in a
temporary folder: the offices and the province swap key cards, each office exports its bundle of
every month from January to its last month, and the province merges them month by month, as the
province's staff would. One office stops three months early (September), one month is returned
with a reason, and the province records what it keeps itself: its quotas per office, its ratings
of the offices (6a), its inspections of them (9a) and a social-criticism activity it led (10).
Two flaws a data-quality check finds are planted once each: one citizen ID active in the first
two offices, and the behind office's 1b of January to June entered without its counts.

The keys live in a throw-away keyring while the offices are made; the province's own key is then
kept where this machine keeps keys (`keep_key`), so the demo province can sign its packages.
The province file appears whole or not at all: built aside, copied as one file and renamed.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from desktop.demo.context import BA_TRI, OfficeSpec
from desktop.errors import UserError
from desktop.progress import CancelToken, ProgressFn, no_progress
from desktop.store import Store

YEAR = 2024
LAST_MONTH = 12
BEHIND_MONTHS = 3  # the office that is late stops at September
RETURNED_PERIOD = f"{YEAR}-06"
RETURN_REASON = (
    "Số đoàn viên kết nạp mới tháng 6 chưa khớp với danh sách CĐCS gửi lên; đề nghị rà soát "
    "và gửi lại gói dữ liệu."
)
DEFAULT_OFFICES = 5
DEFAULT_MEMBERS = 800  # each office's; a real upper-level union holds 2,000 to 15,000
PROVINCE_CODE = "LDLD-BENTRE"
PROVINCE_NAME = "Liên đoàn Lao động tỉnh Bến Tre"
DEMO_ACTION = "demo"  # the same mark as the demo district: `demo` replaces only such a file

NOT_A_DEMO = (
    "Tệp {path} đã có và không phải cơ sở dữ liệu mẫu: không ghi đè. Hãy chọn tên tệp khác, "
    "hoặc thêm --force nếu thật sự muốn thay tệp này bằng tỉnh mẫu."
)
TOO_MANY = "Tỉnh mẫu có từ 2 đến {most} đơn vị (--offices); đã cho {given}."
TOO_FEW_MEMBERS = "Mỗi đơn vị của tỉnh mẫu cần ít nhất 20 đoàn viên (--members); đã cho {given}."
NOT_MERGED = "Tỉnh mẫu: gói {file} không gộp được ({verdict}: {message})."


def _office(
    code: str,
    name: str,
    short: str,
    place: str,
    place_full: str,
    district: str,
    signer: str,
    kind: str = "district_federation",
    kind_name: str = "",
    sector: str = "",
) -> OfficeSpec:
    return OfficeSpec(
        code=code,
        name=name,
        short_name=short,
        place=place,
        place_full=place_full,
        district_code=district,
        kind=kind,
        kind_name=kind_name,
        sector=sector,
        signer_name=signer,
    )


# The upper-level unions of Bến Tre, in the order a demo of N offices takes them: the first three
# are a district federation, the industrial-zones union and a sector union.
OFFICES: tuple[OfficeSpec, ...] = (
    BA_TRI,
    _office(
        "CDKCN-BENTRE",
        "Công đoàn các Khu công nghiệp tỉnh Bến Tre",
        "CĐ các KCN tỉnh Bến Tre",
        "Châu Thành",
        "huyện Châu Thành",
        "831",
        "Trần Văn Lợi",
        kind="industrial_zones_union",
        sector="industrial_zones",
    ),
    _office(
        "CDGD-BENTRE",
        "Công đoàn ngành Giáo dục tỉnh Bến Tre",
        "CĐ ngành Giáo dục Bến Tre",
        "Bến Tre",
        "thành phố Bến Tre",
        "829",
        "Lê Thị Kim Phượng",
        kind="sector_union",
        sector="education",
    ),
    _office(
        "LDLD-THANHPHU",
        "Liên đoàn Lao động huyện Thạnh Phú",
        "LĐLĐ huyện Thạnh Phú",
        "Thạnh Phú",
        "huyện Thạnh Phú",
        "837",
        "Võ Minh Tâm",
    ),
    _office(
        "LDLD-GIONGTROM",
        "Liên đoàn Lao động huyện Giồng Trôm",
        "LĐLĐ huyện Giồng Trôm",
        "Giồng Trôm",
        "huyện Giồng Trôm",
        "834",
        "Huỳnh Thị Ngọc Lan",
    ),
    _office(
        "LDLD-MOCAYNAM",
        "Liên đoàn Lao động huyện Mỏ Cày Nam",
        "LĐLĐ huyện Mỏ Cày Nam",
        "Mỏ Cày Nam",
        "huyện Mỏ Cày Nam",
        "833",
        "Nguyễn Văn Phúc",
    ),
    _office(
        "LDLD-CHAUTHANH",
        "Liên đoàn Lao động huyện Châu Thành",
        "LĐLĐ huyện Châu Thành",
        "Châu Thành",
        "huyện Châu Thành",
        "831",
        "Phan Thị Thu Hà",
    ),
    _office(
        "LDLD-BINHDAI",
        "Liên đoàn Lao động huyện Bình Đại",
        "LĐLĐ huyện Bình Đại",
        "Bình Đại",
        "huyện Bình Đại",
        "835",
        "Đặng Văn Thành",
    ),
    _office(
        "LDLD-CHOLACH",
        "Liên đoàn Lao động huyện Chợ Lách",
        "LĐLĐ huyện Chợ Lách",
        "Chợ Lách",
        "huyện Chợ Lách",
        "832",
        "Trương Thị Mỹ Dung",
    ),
    _office(
        "LDLD-MOCAYBAC",
        "Liên đoàn Lao động huyện Mỏ Cày Bắc",
        "LĐLĐ huyện Mỏ Cày Bắc",
        "Mỏ Cày Bắc",
        "huyện Mỏ Cày Bắc",
        "838",
        "Lâm Văn Hiếu",
    ),
    _office(
        "LDLD-TPBENTRE",
        "Liên đoàn Lao động thành phố Bến Tre",
        "LĐLĐ thành phố Bến Tre",
        "Bến Tre",
        "thành phố Bến Tre",
        "829",
        "Cao Thị Bích Ngọc",
    ),
    _office(
        "CDYT-BENTRE",
        "Công đoàn ngành Y tế tỉnh Bến Tre",
        "CĐ ngành Y tế Bến Tre",
        "Bến Tre",
        "thành phố Bến Tre",
        "829",
        "Dương Văn Khải",
        kind="sector_union",
        sector="health",
    ),
    _office(
        "CDVC-BENTRE",
        "Công đoàn Viên chức tỉnh Bến Tre",
        "CĐ Viên chức tỉnh Bến Tre",
        "Bến Tre",
        "thành phố Bến Tre",
        "829",
        "Tô Thị Hồng Nhung",
        kind="other_upper_union",
        kind_name="Công đoàn Viên chức tỉnh",
        sector="civil_service",
    ),
)


@dataclass(frozen=True)
class ProvincePlan:
    """Who is in a demo province of `offices` offices, and how far each has sent."""

    offices: tuple[OfficeSpec, ...]
    last_months: dict[str, int]  # office code -> its last month of YEAR sent
    behind: str  # the code of the office three months behind
    returned: str  # the code of the office whose RETURNED_PERIOD is returned

    def last_period(self, code: str) -> str:
        return f"{YEAR}-{self.last_months[code]:02d}"


def plan(offices: int = DEFAULT_OFFICES) -> ProvincePlan:
    """The offices of a demo province of `offices` offices: the last one is behind."""
    if not 2 <= offices <= len(OFFICES):
        raise UserError(TOO_MANY.format(most=len(OFFICES), given=offices))
    chosen = OFFICES[:offices]
    behind = chosen[-1].code
    last = {o.code: LAST_MONTH - (BEHIND_MONTHS if o.code == behind else 0) for o in chosen}
    return ProvincePlan(chosen, last, behind, chosen[0].code)


def demo_province_path() -> Path:
    """Where `uniondesk --demo --province` keeps the demo province: the data folder."""
    from desktop import paths

    return paths.data_dir() / "demo-province.sqlite"


def _no_passphrase(purpose: str, new: bool) -> str:
    raise UserError(f"Tỉnh mẫu không dùng mật khẩu khóa ({purpose}).")


@contextlib.contextmanager
def _throwaway_keyring() -> Iterator[dict[tuple[str, str], str]]:
    """The keys made go into a keyring that ends with the generation, never the user's; what it
    held is given back for `_keep`."""
    import keyring

    from desktop.sync.memory_keyring import MemoryKeyring

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend.secrets
    finally:
        keyring.set_keyring(previous)


def make_demo_province(
    path: Path | str,
    *,
    offices: int = DEFAULT_OFFICES,
    members: int = DEFAULT_MEMBERS,
    seed: int = 1,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    force: bool = False,
    keep_key: bool = True,
    offices_dir: Path | None = None,
    flaws: bool = True,
) -> None:
    """Write a demo province at `path`: `offices` generated offices of about `members` members
    each, their bundles of 2024 merged month by month (see the module's text).

    An existing demo file is replaced; any other file is refused (UserError naming it) unless
    `force`. `cancel` stops between steps (Cancelled) and leaves no file behind. With `keep_key`
    the province's private key is kept in this machine's keyring (when it has one that keeps).
    With `offices_dir` the offices' own databases are kept there too (`CODE.sqlite`), their keys
    in the keyring with the province's: the other side of the exchange, for tests. Without
    `flaws` the two planted data-quality flaws are left out (the tests' fixture)."""
    from desktop.demo.generate import is_demo

    path = Path(path)
    chosen = plan(offices)
    if members < 20:
        raise UserError(TOO_FEW_MEMBERS.format(given=members))
    if path.exists() and not force and not is_demo(path):
        raise UserError(NOT_A_DEMO.format(path=path))
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".uniondesk-demo-", dir=path.parent) as folder:
        work = Path(folder)
        with _throwaway_keyring() as secrets:
            _build(work, chosen, members, seed, progress, cancel, flaws)
        if keep_key:
            _keep(
                secrets, [PROVINCE_CODE] + ([o.code for o in chosen.offices] if offices_dir else [])
            )
        progress(0.97, "Đang ghi tệp tỉnh mẫu…")
        from desktop.store.file_copy import copy_file

        if offices_dir is not None:
            offices_dir.mkdir(parents=True, exist_ok=True)
            for spec in chosen.offices:
                copy_file(work / f"{spec.code}.sqlite", offices_dir / f"{spec.code}.sqlite")

        partial = path.with_name(path.name + ".partial")
        partial.unlink(missing_ok=True)
        try:
            copy_file(work / "province.sqlite", partial)
            for suffix in ("-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    progress(1.0, "Xong")


def _check(cancel: CancelToken | None) -> None:
    if cancel is not None:
        cancel.check()


def _build(
    work: Path,
    chosen: ProvincePlan,
    members: int,
    seed: int,
    progress: ProgressFn,
    cancel: CancelToken | None,
    flaws: bool,
) -> None:
    from desktop.demo.generate import generate_demo
    from desktop.services.office import init_office
    from desktop.services.progress import ensure_programme
    from desktop.sync.keys import create_office_keys, export_card, trust_card

    count = len(chosen.offices)
    blank = work / "blank.sqlite"
    Store(blank).close()  # the schema built once, copied for each office and the province
    from desktop.store.file_copy import copy_file

    copy_file(blank, work / "province.sqlite")
    province = Store(work / "province.sqlite")
    stores: dict[str, Store] = {}
    try:
        init_office(
            province,
            role="province",
            unit_code=PROVINCE_CODE,
            unit_name=PROVINCE_NAME,
            place_name="Bến Tre",
            parent_body="Tổng Liên đoàn Lao động Việt Nam",
        )
        create_office_keys(province, passphrase=_no_passphrase)
        ensure_programme(province, YEAR)
        export_card(province, work / "province.card", passphrase=_no_passphrase)
        for index, spec in enumerate(chosen.offices):
            _check(cancel)
            progress(0.3 * index / count, f"Đang tạo {spec.short_name}…")
            file = work / f"{spec.code}.sqlite"
            # Offices differ in size as real ones do: from about 70 % to 130 % of `members`.
            size = max(20, round(members * (0.7 + 0.6 * ((index * 7) % count) / max(count - 1, 1))))
            generate_demo(
                file, members=size, seed=seed * 1000 + index + 1, office=spec, blank=blank
            )
            office = Store(file)
            stores[spec.code] = office
            create_office_keys(office, passphrase=_no_passphrase)
            export_card(office, work / f"{spec.code}.card", passphrase=_no_passphrase)
            trust_card(province, work / f"{spec.code}.card")
            trust_card(office, work / "province.card")
        if flaws:
            _flaws(chosen, stores)
        _merge_months(work, chosen, province, stores, progress, cancel)
        _check(cancel)
        progress(0.92, "Đang ghi việc của tỉnh…")
        _province_records(province, chosen, stores)
        _decisions(province, chosen)
        _mark(province, chosen, members, seed)
    finally:
        for store in stores.values():
            store.close()
        province.close()


def _flaws(chosen: ProvincePlan, stores: dict[str, Store]) -> None:
    """What a province's data-quality check finds in real life, once each: a worker still active
    in the first office who also joined a union of the second (one citizen ID active in two
    offices), and the behind office's 1b of January to June typed as a percentage only (entered
    before offices typed the counts)."""
    from sqlalchemy import text

    first, second = chosen.offices[0].code, chosen.offices[1].code
    live = "status = 'active' AND deleted_at IS NULL AND citizen_id <> ''"
    with stores[first].reading() as con:
        person = con.execute(
            text(
                "SELECT full_name, name_key, sort_key, gender, birth_date, citizen_id FROM member "
                f"WHERE {live} ORDER BY id LIMIT 1"
            )
        ).one()
    with stores[second].unit_of_work() as uow:
        uow.connection.execute(
            text(
                "UPDATE member SET full_name = :full_name, name_key = :name_key, "
                "sort_key = :sort_key, gender = :gender, birth_date = :birth_date, "
                "citizen_id = :citizen_id WHERE id = (SELECT id FROM member WHERE "
                f"{live} AND joined_on < :year ORDER BY id LIMIT 1)"
            ),
            {**person._asdict(), "year": f"{YEAR}-01-01"},
        )
    with stores[chosen.behind].unit_of_work() as uow:
        uow.connection.execute(
            text(
                "UPDATE progress_entry SET numerator = NULL, denominator = NULL WHERE period <= "
                ":period AND target_id IN (SELECT id FROM target WHERE code = '1b')"
            ),
            {"period": f"{YEAR}-06"},
        )


def _merge_months(
    work: Path,
    chosen: ProvincePlan,
    province: Store,
    stores: dict[str, Store],
    progress: ProgressFn,
    cancel: CancelToken | None,
) -> None:
    """Each month, every office still sending exports its bundle; the province merges them."""
    from desktop.services.bundles import process_files
    from desktop.sync.office.export import export_bundle

    bundles = work / "bundles"
    bundles.mkdir()
    for month in range(1, LAST_MONTH + 1):
        period = f"{YEAR}-{month:02d}"
        files = []
        for spec in chosen.offices:
            _check(cancel)
            if chosen.last_months[spec.code] < month:
                continue
            out = bundles / f"{spec.code}-{period}.udb"
            export_bundle(stores[spec.code], period, out, passphrase=_no_passphrase)
            files.append(out)
        _check(cancel)
        progress(0.3 + 0.6 * (month - 1) / LAST_MONTH, f"Đang gộp gói tháng {month:02d}/{YEAR}…")
        for verdict in process_files(province, files, write=True, passphrase=_no_passphrase):
            if verdict.verdict != "merged":
                raise RuntimeError(
                    NOT_MERGED.format(
                        file=verdict.file, verdict=verdict.verdict, message=verdict.message
                    )
                )


def _province_records(province: Store, chosen: ProvincePlan, stores: dict[str, Store]) -> None:
    """The province's quotas per office (what it allocated: the office's own list), its ratings
    and inspections of the offices, and the social-criticism activity it led."""
    from sqlalchemy import text

    from desktop.models import Activity, OfficeInspection, OfficeRating
    from desktop.services.quotas import set_unit_quotas

    items: list[tuple[str, str, str]] = []
    for spec in chosen.offices:
        with stores[spec.code].reading() as con:
            rows = con.execute(
                text(
                    "SELECT t.code, q.value FROM quota q JOIN target t ON t.id = q.target_id "
                    "JOIN programme p ON p.id = t.programme_id WHERE p.year = :year "
                    "AND q.deleted_at IS NULL AND q.unit_code = :unit ORDER BY t.code"
                ),
                {"year": YEAR, "unit": spec.code},
            ).all()
        items += [(spec.code, str(code), f"{value:g}") for code, value in rows]
    # A demo province is a few offices, not the programme's whole province: its own quota of a
    # count is what it allocated to them together, so its % of quota reads as a real one does.
    with province.reading() as con:
        counts = {
            str(code)
            for (code,) in con.execute(
                text(
                    "SELECT t.code FROM target t JOIN programme p ON p.id = t.programme_id "
                    "WHERE p.year = :year AND t.unit = 'count' AND t.deleted_at IS NULL"
                ),
                {"year": YEAR},
            )
        }
    allocated: dict[str, float] = {}
    for _, code, value in items:
        if code in counts:
            allocated[code] = allocated.get(code, 0.0) + float(value)
    items += [(PROVINCE_CODE, code, f"{total:g}") for code, total in sorted(allocated.items())]
    set_unit_quotas(province, YEAR, items)
    grades = ("good", "excellent", "good", "done", "good", "excellent", "good", "good", "done")
    stamp = datetime.combine(date(YEAR, 12, 26), time(8, 0))
    with province.session() as session:
        for index, spec in enumerate(chosen.offices):
            for year in (YEAR - 1, YEAR):
                if year == YEAR and index >= max(2, len(chosen.offices) - 2):
                    continue  # the year's last ratings are not in yet
                grade = grades[(index + year) % len(grades)]
                session.add(
                    OfficeRating(
                        office_code=spec.code,
                        year=year,
                        grade=grade,
                        note="Xếp loại theo Hướng dẫn thi đua của LĐLĐ tỉnh",
                        created_at=stamp.replace(year=year),
                        updated_at=stamp.replace(year=year),
                    )
                )
        # About a third of the offices inspected in the year (9a asks ≥ 30 %): finance in
        # spring, the charter in autumn.
        for index, spec in enumerate(chosen.offices[:: 3 if len(chosen.offices) > 3 else 2]):
            kind = "finance" if index % 2 == 0 else "charter"
            on = date(YEAR, 4 + 5 * (index % 2), 10 + index)
            session.add(
                OfficeInspection(
                    office_code=spec.code,
                    kind=kind,
                    inspected_on=on,
                    findings=(
                        "Kiểm tra tài chính công đoàn năm 2023: thu, chi đúng quy định; nhắc "
                        "lập sổ quỹ tiền mặt theo mẫu mới."
                        if kind == "finance"
                        else "Giám sát thi hành Điều lệ Công đoàn: đại hội CĐCS đúng nhiệm kỳ."
                    ),
                    created_at=datetime.combine(on, time(8, 0)),
                    updated_at=datetime.combine(on, time(8, 0)),
                )
            )
        held = date(YEAR, 8, 20)
        session.add(
            Activity(
                task_area=6,
                kind="social_criticism",
                subkind="",
                title="Phản biện dự thảo Nghị quyết HĐND tỉnh về hỗ trợ nhà ở cho công nhân",
                held_on=held,
                participants=35,
                participants_women=14,
                amount=0,
                note="LĐLĐ tỉnh chủ trì",
                created_at=datetime.combine(held, time(8, 0)),
                updated_at=datetime.combine(held, time(8, 0)),
            )
        )


def _decisions(province: Store, chosen: ProvincePlan) -> None:
    """The province's word on the months: June of the first office returned with a reason, the
    three months before each office's last accepted (the last one still waits for a look)."""
    try:
        from desktop.services.decisions import decide
    except ImportError:  # approval and return not in this build yet
        return
    for spec in chosen.offices:
        if spec.code == chosen.returned:
            decide(province, spec.code, RETURNED_PERIOD, "return", RETURN_REASON)
        last = chosen.last_months[spec.code]
        for month in range(last - 3, last):
            decide(province, spec.code, f"{YEAR}-{month:02d}", "accept")


def _mark(province: Store, chosen: ProvincePlan, members: int, seed: int) -> None:
    from desktop.services.audit_chain import NewEntry, append

    detail = (
        f"tỉnh mẫu: {len(chosen.offices)} đơn vị, khoảng {members} đoàn viên mỗi đơn vị, "
        f"hạt giống {seed}"
    )
    with province.unit_of_work() as uow:
        append(uow.connection, [NewEntry(DEMO_ACTION, detail)])


def _keep(secrets: dict[tuple[str, str], str], codes: list[str]) -> None:
    """Keep the keys of `codes` in this machine's keyring; where there is none that keeps, the
    demo province still opens (its key stays unlocked in memory) but signs nothing after a
    restart."""
    import keyring
    from keyring.errors import KeyringError

    from desktop.sync import keystore

    if not keystore.keyring_keeps():
        return
    for (service, username), secret in secrets.items():
        if username.split("/", 1)[0] in codes:
            with contextlib.suppress(KeyringError):
                keyring.set_password(service, username, secret)


__all__ = [
    "DEFAULT_MEMBERS",
    "DEFAULT_OFFICES",
    "OFFICES",
    "ProvincePlan",
    "demo_province_path",
    "make_demo_province",
    "plan",
]
