"""Nhận gói's service: a verdict per file in plain Vietnamese before anything is written, the merge
with Cancel between files, and the two decisions of a fork.

`Province` (also used by the screen tests) is a province with three offices that swapped cards
with it: Ba Tri (the small records), Thạnh Phú and Chợ Lách; Chợ Lách's last bundle is March
2024, three months behind the others' June.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop.errors import UserError
from desktop.progress import CancelToken
from desktop.services.incoming import check_files, decide_fork, merge_files, open_forks
from desktop.services.progress import ensure_programme
from desktop.store import Store, shared
from desktop.sync.keys import export_card, trust_card
from desktop.sync.office.export import export_bundle
from tests.unit._sync_fixtures import (
    BOTH_STORES,
    DISTRICT,
    OTHER_DISTRICT,
    Exchange,
    exchange_for,
    make_office,
    memory_keyring,
    no_passphrase,
    rows_of,
)

__all__ = ["memory_keyring"]

CHO_LACH = ("LDLD-CHOLACH", "Liên đoàn Lao động huyện Chợ Lách")
THANH_PHU_MEMBERS = ("Phạm Thị Ngọc", "Võ Thị Mỹ", "Huỳnh Văn Tài")
CHO_LACH_MEMBERS = ("Đặng Thị Thu", "Lâm Văn Hậu")


def _office(ex: Exchange, unit: tuple[str, str], union: str, members: tuple[str, ...]) -> Path:
    """Another office of the province: one union founded in 2001, its members admitted in
    February–April 2024."""
    from desktop.models import GrassrootsUnion, Member, MemberEvent
    from desktop.text import fold, name_sort_key

    slug = unit[0].split("-")[1].lower()
    path = make_office(ex.folder / f"{slug}.sqlite", "district", unit)
    assert isinstance(path, Path)
    export_card(shared(path), ex.folder / f"{slug}.card", passphrase=no_passphrase)
    trust_card(shared(ex.province), ex.folder / f"{slug}.card")
    trust_card(shared(path), ex.folder / "province.card")
    ensure_programme(shared(path), 2024)
    db = Store(path)
    with db.session() as s:
        grassroots = GrassrootsUnion(
            name=union,
            name_key=fold(union),
            sector="state",
            employer_type="school",
            founded_on=date(2001, 9, 5),
        )
        s.add(grassroots)
        s.flush()
        for index, name in enumerate(members):
            member = Member(
                union_id=grassroots.id,
                full_name=name,
                name_key=fold(name),
                sort_key=name_sort_key(name),
                gender="female" if "Thị" in name else "male",
                joined_on=date(2024, 2 + index, 3),
            )
            s.add(member)
            s.flush()
            s.add(
                MemberEvent(
                    member_id=member.id,
                    kind="admitted",
                    event_date=date(2024, 2 + index, 3),
                    to_union_id=grassroots.id,
                )
            )
    db.close()
    return path


class Province:
    """Three offices and their bundles; `merge_all()` merges all but `ba_tri_june`.

    `Province(folder)` builds it (a few seconds); `Province.copied(template, folder)` copies the
    session's template (the `province_template` fixture) with its keys."""

    def __init__(self, folder: Path, province: Path | str | None = None) -> None:
        self.ex = Exchange(folder, province)
        ensure_programme(shared(self.ex.district), 2024)
        _office(self.ex, OTHER_DISTRICT, "CĐCS Trường THCS Thạnh Phong", THANH_PHU_MEMBERS)
        _office(self.ex, CHO_LACH, "CĐCS Trường Tiểu học Sơn Định", CHO_LACH_MEMBERS)
        self._name(folder)
        self.ex.export("2024-05", self.ba_tri_may.name)
        self.ex.export("2024-06", self.ba_tri_june.name)
        self._export(self.thanh_phu, "2024-06", self.thanh_phu_june.name)
        self._export(self.cho_lach, "2024-03", self.cho_lach_march.name)

    def _name(self, folder: Path) -> None:
        self.province = self.ex.province
        self.thanh_phu, self.cho_lach = folder / "thunha.sqlite", folder / "cholach.sqlite"
        self.ba_tri_may = folder / "ba-tri-2024-05.udb"
        self.ba_tri_june = folder / "ba-tri-2024-06.udb"
        self.thanh_phu_june = folder / "thanh-phu-2024-06.udb"
        self.cho_lach_march = folder / "cho-lach-2024-03.udb"

    @classmethod
    def copied(cls, template: Path, folder: Path) -> Province:
        """A copy of the template's files in `folder`, its keys put in the test's keyring."""
        import keyring

        for item in template.iterdir():
            if item.is_file():
                (folder / item.name).write_bytes(item.read_bytes())
        for (service, username), secret in _TEMPLATE_KEYS.items():
            keyring.set_password(service, username, secret)
        ex = Exchange.__new__(Exchange)
        ex.folder = folder
        ex.district = folder / "district.sqlite"
        ex.province = folder / "province.sqlite"
        made = cls.__new__(cls)
        made.ex = ex
        made._name(folder)
        return made

    def _export(self, office: Path, period: str, name: str) -> Path:
        out = self.ex.folder / name
        export_bundle(shared(office), period, out, passphrase=no_passphrase)
        return out

    def merge_all(self) -> None:
        files = [self.ba_tri_may, self.thanh_phu_june, self.cho_lach_march, self.ba_tri_june]
        verdicts = self.ex.merge(*files)
        assert [v.verdict for v in verdicts] == ["merged"] * 4, [v.message for v in verdicts]

    def forged(self) -> Path:
        """Thạnh Phú's June bundle signed by a key nobody registered."""
        from desktop.sync.format.crypto import generate_key_pair
        from tests.unit._bundle_craft import open_inner, reseal, resign

        inner = open_inner(self.province, self.thanh_phu_june.read_bytes())  # type: ignore[arg-type]
        out = self.ex.folder / "thanh-phu-gia-mao.udb"
        out.write_bytes(reseal(resign(inner, generate_key_pair()), self.province))  # type: ignore[arg-type]
        return out


# The secrets of the template's keys, as its own keyring held them.
_TEMPLATE_KEYS: dict[tuple[str, str], str] = {}


@pytest.fixture(scope="session")
def province_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of a `Province` built once a session (nothing merged), its stores closed."""
    import keyring

    from desktop.store.handle import forget_all
    from desktop.sync import keystore
    from desktop.sync.memory_keyring import MemoryKeyring

    folder = tmp_path_factory.mktemp("three-offices")
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("UNIONDESK_DATA_DIR", str(folder / "data"))
            Province(folder)
            forget_all()
    finally:
        keyring.set_keyring(previous)
        keystore.forget_unlocked()
    _TEMPLATE_KEYS.update(backend.secrets)
    return folder


@pytest.fixture
def three_offices(province_template: Path, tmp_path: Path, memory_keyring) -> Province:  # type: ignore[no-untyped-def]
    """A test's own copy of the three offices and their province (SQLite), nothing merged."""
    return Province.copied(province_template, tmp_path)


@pytest.fixture
def ex(request: pytest.FixtureRequest, tmp_path: Path, memory_keyring) -> Exchange:  # type: ignore[no-untyped-def]
    return exchange_for(request, tmp_path)


def _check(store_of: Path | str, *files: Path):  # type: ignore[no-untyped-def]
    return check_files(shared(store_of), list(files), passphrase=no_passphrase)


def test_each_file_gets_its_verdict_in_plain_vietnamese_and_nothing_is_written(
    three_offices: Province, tmp_path: Path, memory_keyring
) -> None:
    p = three_offices
    assert p.ex.merge(p.ba_tri_may)[0].verdict == "merged"
    garbage = tmp_path / "ghi-chu.udb"
    garbage.write_bytes(b"khong phai goi")
    good, again, forged, broken = _check(
        p.province, p.ba_tri_june, p.ba_tri_may, p.forged(), garbage
    )
    assert (good.kind, good.headline, good.mergeable) == ("merge", "Sẽ gộp", True)
    assert good.office == "LDLD-BATRI – Liên đoàn Lao động huyện Ba Tri"
    assert good.lines == (
        "LDLD-BATRI – Liên đoàn Lao động huyện Ba Tri, gói số 2, tháng 6/2024: 3 đoàn viên, "
        "2 CĐCS, 1 hoạt động.",
        "Gói trước đã gộp của đơn vị: gói số 1, tháng 5/2024.",
        "Thay đổi so với gói số 1 (tháng 5/2024): không thay đổi.",
        "Biến động đoàn viên tháng 6/2024: không có.",
    )
    assert (again.kind, again.headline) == ("duplicate", "Đã gộp trước đó")
    assert again.lines[-1] == (
        "Tệp ba-tri-2024-05.udb: gói số 1 (kỳ 2024-05) của LDLD-BATRI – Liên đoàn Lao động "
        "huyện Ba Tri đã gộp trước đó; không thay đổi gì."
    )
    assert (forged.kind, forged.headline, forged.office) == ("refused", "Bị từ chối", "")
    assert forged.lines == (
        "Tệp thanh-phu-gia-mao.udb: chữ ký số không hợp lệ: nội dung đã bị thay đổi hoặc bị "
        "giả mạo. Gói bị từ chối.",
    )
    assert broken.kind == "refused" and broken.lines[0].startswith("Tệp ghi-chu.udb")
    assert rows_of(p.province, "SELECT sequence, verdict FROM bundle_ledger") == [(1, "merged")]


def test_a_first_bundle_says_so_and_counts_what_it_brings(
    three_offices: Province, tmp_path: Path, memory_keyring
) -> None:
    p = three_offices
    (first,) = _check(p.province, p.cho_lach_march)
    assert first.lines == (
        "LDLD-CHOLACH – Liên đoàn Lao động huyện Chợ Lách, gói số 1, tháng 3/2024: 2 đoàn viên, "
        "1 CĐCS, 0 hoạt động.",
        "Đơn vị chưa có gói nào được gộp ở tỉnh.",
        "Gói đầu tiên của đơn vị: CĐCS thêm 1; đoàn viên thêm 2; biến động đoàn viên thêm 2.",
        "Biến động đoàn viên tháng 3/2024: kết nạp 1.",
    )


def test_merge_goes_file_by_file_and_cancel_stops_before_the_next(
    three_offices: Province, tmp_path: Path, memory_keyring
) -> None:
    p = three_offices
    token = CancelToken()
    said: list[str] = []

    def progress(fraction: float, text: str) -> None:
        said.append(text)
        if len(said) == 2:  # the first file is merged; the user presses Cancel
            token.cancel()

    files = [p.ba_tri_may, p.thanh_phu_june, p.cho_lach_march]
    outcome = merge_files(
        shared(p.province), files, passphrase=no_passphrase, progress=progress, cancel=token
    )
    assert said[:2] == [
        "Đang gộp ba-tri-2024-05.udb (1/3)…",
        "Đang gộp thanh-phu-2024-06.udb (2/3)…",
    ]
    assert [r.kind for r in outcome.results] == ["merged", "merged"]
    assert outcome.left == (p.cho_lach_march,) and outcome.cancelled
    assert outcome.message == (
        "Đã gộp 2/3 tệp. Đã dừng theo yêu cầu: 1 tệp chưa gộp (không có tệp nào gộp dở dang; "
        "chọn Gộp lại để gộp tiếp)."
    )
    units = rows_of(p.province, "SELECT DISTINCT unit_code FROM member ORDER BY unit_code")
    assert units == [(DISTRICT[0],), (OTHER_DISTRICT[0],)]
    rest = merge_files(shared(p.province), list(outcome.left), passphrase=no_passphrase)
    assert rest.message == "Đã gộp 1/1 tệp." and not rest.cancelled


def test_a_district_database_is_refused_by_name(tmp_path: Path, memory_keyring) -> None:
    ex = Exchange(tmp_path)
    with pytest.raises(UserError, match="là của đơn vị cấp huyện"):
        check_files(shared(ex.district), [tmp_path / "x.udb"], passphrase=no_passphrase)


def _forked(ex: Exchange) -> tuple[Path, Path]:
    """March and April merged; the office restores its March backup and sends April again
    (sequence 2 reused, another member): (merged April, the fork)."""
    from desktop.app import main
    from tests.unit.test_bundle_forks import _admit

    ex.merge(ex.export("2024-03", "03.udb"))
    backup = ex.folder / "sau-thang-3.sqlite"
    assert main(["backup", "--db", str(ex.district), "--out", str(backup)]) == 0
    _admit(ex.district, "00000000-0000-4000-8000-000000000104", "Phạm Thị Lan", date(2024, 4, 8))
    april = ex.export("2024-04", "04.udb")
    assert ex.merge(april)[0].verdict == "merged"
    assert main(["restore", str(backup), "--db", str(ex.district)]) == 0
    _admit(ex.district, "00000000-0000-4000-8000-000000000105", "Đỗ Văn Minh", date(2024, 4, 20))
    return april, ex.export("2024-04", "04-sau-khoi-phuc.udb")


def _members(db: Path | str) -> set[str]:
    return {r[0] for r in rows_of(db, "SELECT full_name FROM member WHERE unit_code <> ''")}


@BOTH_STORES
def test_a_fork_offers_keep_and_take_and_keep_records_the_decision(ex: Exchange) -> None:
    _, fork = _forked(ex)
    (checked,) = _check(ex.province, fork)
    assert (checked.kind, checked.headline) == ("fork", "Gói rẽ nhánh – chờ quyết định")
    assert checked.fork is not None and checked.fork.last_sequence == 2
    assert checked.fork.keep.startswith(
        "Giữ dữ liệu đã gộp của LDLD-BATRI – Liên đoàn Lao động huyện Ba Tri đến gói số 2, "
        "tháng 4/2024. Gói 04-sau-khoi-phuc.udb không được gộp"
    )
    assert checked.fork.take.startswith(
        "Nhận gói 04-sau-khoi-phuc.udb (gói số 2, tháng 4/2024) thay cho dữ liệu đã gộp"
    )
    said = decide_fork(shared(ex.province), checked, "keep", passphrase=no_passphrase)
    assert said.startswith(
        "Đã ghi quyết định. LĐLĐ tỉnh giữ dữ liệu của LDLD-BATRI đã gộp đến gói số 2"
    )
    verdicts = rows_of(ex.province, "SELECT sequence, verdict FROM bundle_ledger ORDER BY id")
    assert verdicts == [(1, "merged"), (2, "merged"), (2, "fork"), (2, "resolved_keep")]
    assert "Phạm Thị Lan" in _members(ex.province)
    assert "Đỗ Văn Minh" not in _members(ex.province)


@BOTH_STORES
def test_take_replaces_what_was_merged_with_the_forked_bundle(ex: Exchange) -> None:
    _, fork = _forked(ex)
    (refused,) = merge_files(shared(ex.province), [fork], passphrase=no_passphrase).results
    assert refused.kind == "fork"  # merged once: the fork is in the ledger, still offered
    assert open_forks(shared(ex.province)) == [
        "LDLD-BATRI – Liên đoàn Lao động huyện Ba Tri: gói rẽ nhánh số 2 (tệp "
        "04-sau-khoi-phuc.udb) đang chờ quyết định; mọi gói sau của đơn vị bị từ chối cho đến "
        "khi tỉnh quyết định. Thêm tệp đó (hoặc một gói sau của đơn vị) vào danh sách rồi chọn "
        "«Quyết định gói rẽ nhánh…»."
    ]
    said = decide_fork(shared(ex.province), refused, "take", passphrase=no_passphrase)
    assert said.startswith("Đã ghi quyết định. LĐLĐ tỉnh nhận nhánh mới của LDLD-BATRI: gói số 2")
    assert "Đỗ Văn Minh" in _members(ex.province)
    assert "Phạm Thị Lan" not in _members(ex.province)
    assert open_forks(shared(ex.province)) == []
