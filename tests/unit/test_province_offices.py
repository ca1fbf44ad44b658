"""The «Đơn vị» statuses on a province (SQLite and PostgreSQL): each registered office's kind,
keys, last month received, missing months and lateness by the province's due day, with the
clock fixed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop.errors import UserError
from desktop.services.keys import revoke_unit_key
from desktop.services.preferences import update_preferences
from desktop.services.province_offices import (
    guess_kind,
    office_statuses,
    register_office,
    set_office_kind,
)
from desktop.store import shared
from desktop.sync.keys import export_card, trust_card
from desktop.sync.office.rotation import rotate_keys
from tests.unit._sync_fixtures import (
    DISTRICT,
    OTHER_DISTRICT,
    Exchange,
    make_office,
    memory_keyring,
    no_passphrase,
)

__all__ = ["memory_keyring"]

SECTOR = ("CDN-GIAODUC", "Công đoàn ngành Giáo dục tỉnh Bến Tre")


def province_of_three(folder: Path, province: str) -> tuple[Exchange, Path, Path]:
    """Ba Tri (bundles of January and March 2024 merged, a new key announced in March's),
    Thạnh Phú (registered, nothing sent) and the sector union's card, made but not yet
    registered (its file in `folder / "sector.card"`, its fingerprint returned by
    `sector_fingerprint`)."""
    ex = Exchange(folder, province)
    thanh_phu = make_office(folder / "thanh-phu.sqlite", "district", OTHER_DISTRICT)
    export_card(shared(thanh_phu), folder / "thanh-phu.card", passphrase=no_passphrase)
    trust_card(shared(ex.province), folder / "thanh-phu.card")
    trust_card(shared(thanh_phu), folder / "province.card")
    sector = make_office(folder / "sector.sqlite", "district", SECTOR)
    export_card(shared(sector), folder / "sector.card", passphrase=no_passphrase)
    assert [r.verdict for r in ex.merge(ex.export("2024-01"))] == ["merged"]
    rotate_keys(shared(ex.district), passphrase=no_passphrase)
    assert [r.verdict for r in ex.merge(ex.export("2024-03"))] == ["merged"]
    update_preferences(shared(ex.province), {"due_day": "10"}, 2024)
    return ex, Path(thanh_phu), Path(sector)


def _keys(folder: Path) -> dict[str, str]:
    """Fingerprint of each office's own key (as its card says), by office file."""
    from desktop.sync.keys import show_keys

    found = {}
    for name in ("district", "thanh-phu", "sector"):
        keys = show_keys(shared(folder / f"{name}.sqlite")).own
        found[name] = next(k.fingerprint for k in keys if k.active)
    return found


def test_statuses_say_who_is_late_which_months_are_missing_and_the_keys(
    db_target: str, tmp_path: Path, memory_keyring
) -> None:
    ex, _, _ = province_of_three(tmp_path, db_target)
    store = shared(ex.province)
    statuses = office_statuses(store, today=date(2024, 4, 15))
    assert [
        (
            s.code,
            s.kind_label,
            s.last_period,
            s.last_sequence,
            s.missing,
            s.received,
            s.due_on,
            s.late,
            s.state_text,
            s.missing_text,
        )
        for s in statuses
    ] == [
        (
            DISTRICT[0],
            "Liên đoàn Lao động cấp huyện",
            "2024-03",
            2,
            ("2024-02",),
            ("2024-01", "2024-03"),
            date(2024, 4, 10),
            False,
            "Thiếu 1 tháng",
            "tháng 2/2024",
        ),
        (
            OTHER_DISTRICT[0],
            "Liên đoàn Lao động cấp huyện",
            None,
            0,
            ("2024-01", "2024-02", "2024-03"),
            (),
            date(2024, 4, 10),
            True,
            "Quá hạn gửi gói tháng 3/2024 (hạn 10/04/2024)",
            "tháng 1–3/2024",
        ),
    ]
    # Before the due day nobody is late yet; the month owed is said with its date.
    early = office_statuses(store, today=date(2024, 4, 9))
    assert [(s.late, s.state_text) for s in early] == [
        (False, "Thiếu 1 tháng"),
        (False, "Chưa gửi gói tháng 3/2024 (hạn 10/04/2024)"),
    ]
    # Opened two years later (an archive): the months of 2024 are still missing, nobody is late.
    later = office_statuses(store, today=date(2026, 6, 1))
    assert [(s.working_period, s.due_on, s.late, s.missing_text) for s in later] == [
        ("2024-12", None, False, "tháng 2, 4–12/2024"),
        ("2024-12", None, False, "tháng 1–12/2024"),
    ]

    # Keys: those in use, a rotation waiting for its first bundle, a revoked key.
    own = _keys(tmp_path)
    ba_tri, thanh_phu = office_statuses(store, today=date(2024, 4, 15))
    # Ba Tri announced a new key in March's bundle: it signs from bundle 3 on.
    assert [(k.state, k.valid_from_sequence, k.revoked_from_sequence) for k in ba_tri.keys] == [
        ("retired", 0, 3),
        ("pending", 3, None),
    ]
    assert ba_tri.keys[1].fingerprint == own["district"]
    assert (ba_tri.fingerprints, ba_tri.rotation_pending, ba_tri.revoked) == (
        (own["district"],),
        True,
        (),
    )
    assert (thanh_phu.fingerprints, thanh_phu.rotation_pending) == ((own["thanh-phu"],), False)

    # Ba Tri's next bundle is signed by the new key: the rotation is done.
    assert [r.verdict for r in ex.merge(ex.export("2024-04"))] == ["merged"]
    revoke_unit_key(store, OTHER_DISTRICT[0], thanh_phu.keys[0].key_id, 1)
    ba_tri, thanh_phu = office_statuses(store, today=date(2024, 5, 15))
    assert [k.state for k in ba_tri.keys] == ["retired", "in_use"]
    assert (ba_tri.rotation_pending, ba_tri.last_period, ba_tri.missing) == (
        False,
        "2024-04",
        ("2024-02",),
    )
    assert [k.state_label for k in thanh_phu.keys] == ["đã thu hồi"]
    assert (thanh_phu.fingerprints, thanh_phu.revoked) == ((), (own["thanh-phu"],))


def test_a_card_registered_with_the_fingerprint_heard_and_its_kind(
    db_target: str, tmp_path: Path, memory_keyring
) -> None:
    ex, _, _ = province_of_three(tmp_path, db_target)
    store = shared(ex.province)
    heard = _keys(tmp_path)["sector"]
    wrong = heard[:-1] + ("0" if heard[-1] != "0" else "1")
    with pytest.raises(UserError, match="vân tay"):
        register_office(store, tmp_path / "sector.card", wrong)
    assert [s.code for s in office_statuses(store, today=date(2024, 4, 15))] == [
        DISTRICT[0],
        OTHER_DISTRICT[0],
    ]
    result = register_office(store, tmp_path / "sector.card", heard.replace(" ", ""))
    assert (result.key.unit_code, result.already) == (SECTOR[0], False)
    statuses = {s.code: s for s in office_statuses(store, today=date(2024, 4, 15))}
    assert list(statuses) == [SECTOR[0], DISTRICT[0], OTHER_DISTRICT[0]]
    sector = statuses[SECTOR[0]]
    assert (sector.name, sector.kind, sector.kind_label, sector.fingerprints) == (
        SECTOR[1],
        "sector_union",
        "Công đoàn ngành",
        (heard,),
    )
    # The province says Thạnh Phú is another kind of upper union than its name suggests.
    set_office_kind(store, OTHER_DISTRICT[0], "industrial_zones_union")
    assert statuses[OTHER_DISTRICT[0]].kind == "district_federation"
    again = {s.code: s for s in office_statuses(store, today=date(2024, 4, 15))}
    assert again[OTHER_DISTRICT[0]].kind_label == "Công đoàn các Khu công nghiệp/Khu kinh tế"
    with pytest.raises(UserError, match="chưa đăng ký với tỉnh"):
        set_office_kind(store, "LDLD-KHONGCO", "sector_union")
    with pytest.raises(UserError, match="không có trong danh mục"):
        set_office_kind(store, SECTOR[0], "province_federation")


def test_an_office_database_has_no_registered_offices(tmp_path: Path, memory_keyring) -> None:
    ex = Exchange(tmp_path)
    with pytest.raises(UserError, match="không phải của LĐLĐ tỉnh"):
        office_statuses(shared(ex.district))
    with pytest.raises(UserError, match="không phải của LĐLĐ tỉnh"):
        register_office(shared(ex.district), tmp_path / "province.card", "1234")


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Liên đoàn Lao động huyện Ba Tri", "district_federation"),
        ("LĐLĐ thành phố Bến Tre", "district_federation"),
        ("Công đoàn ngành Y tế", "sector_union"),
        ("Công đoàn các Khu công nghiệp tỉnh", "industrial_zones_union"),
        ("Công đoàn Viên chức tỉnh", "other_upper_union"),
    ],
)
def test_the_kind_read_from_a_name(name: str, kind: str) -> None:
    assert guess_kind(name) == kind
