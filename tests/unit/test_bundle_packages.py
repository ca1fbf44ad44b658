"""Province → office packages, bundle states, and key rotation / revocation by sequence."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.errors import UserError
from desktop.models import Quota, Target
from desktop.services.bundles import process_files
from desktop.services.sync_status import sync_status
from desktop.store import Store, shared
from desktop.sync.keys import load_own_pair, show_keys
from desktop.sync.office.rotation import rotate_keys
from desktop.sync.province.packages import export_package
from tests.unit._sync_fixtures import DISTRICT, Exchange, memory_keyring, no_passphrase

__all__ = ["memory_keyring"]


@pytest.fixture
def ex(tmp_path: Path, memory_keyring) -> Exchange:  # type: ignore[no-untyped-def]
    return Exchange(tmp_path)


def _take(ex: Exchange, *files: Path):  # type: ignore[no-untyped-def]
    return process_files(shared(ex.district), list(files), write=True, passphrase=no_passphrase)


def _package(ex: Exchange, kind: str, name: str, year: int | None = 2024) -> Path:
    out = ex.folder / name
    export_package(shared(ex.province), kind, DISTRICT[0], out, year=year, passphrase=no_passphrase)
    return out


def _set_province_quotas(ex: Exchange, values: dict[str, float]) -> None:
    from desktop.services.progress import ensure_programme

    ensure_programme(shared(ex.province), 2024)
    db = Store(ex.province)
    with db.session() as s:
        targets = {t.code: t.id for t in s.query(Target)}
        for code, value in values.items():
            s.add(Quota(target_id=targets[code], unit_code=DISTRICT[0], value=value))
    db.close()


def _district_quotas(ex: Exchange) -> dict[str, float]:
    with sqlite3.connect(ex.district) as con:
        return dict(
            con.execute(
                "SELECT t.code, q.value FROM quota q JOIN target t ON t.id = q.target_id "
                "WHERE q.deleted_at IS NULL AND q.unit_code = ? ORDER BY t.code",
                (DISTRICT[0],),
            ).fetchall()
        )


def test_quotas_and_programme_reach_the_district(ex: Exchange) -> None:
    _set_province_quotas(ex, {"2a": 450, "3a": 2})
    programme = _package(ex, "programme", "ct-2024.udp")
    quotas = _package(ex, "quotas", "chi-tieu-1.udp")
    results = _take(ex, programme, quotas)
    assert [r.verdict for r in results] == ["accepted", "accepted"], [r.message for r in results]
    assert results[1].message == "Đã nhận gói chỉ tiêu số 1 của LDLD-BENTRE. 2 chỉ tiêu năm 2024."
    assert _district_quotas(ex) == {"2a": 450.0, "3a": 2.0}

    # New quotas replace the old ones; the same package again is a no-op; an older one is refused.
    db = Store(ex.province)
    with db.session() as s:
        s.query(Quota).filter(Quota.value == 2).one().value = 3
    db.close()
    newer = _package(ex, "quotas", "chi-tieu-2.udp")
    assert _take(ex, newer)[0].verdict == "accepted"
    assert _district_quotas(ex) == {"2a": 450.0, "3a": 3.0}
    again = _take(ex, newer)[0]
    assert again.verdict == "duplicate" and "đã nhận trước đó" in again.message
    older = _take(ex, quotas)[0]
    assert older.verdict == "refused" and "cũ hơn gói số 2" in older.message
    assert _district_quotas(ex) == {"2a": 450.0, "3a": 3.0}
    today = _today()
    assert sync_status(shared(ex.district)).packages == (
        ("Chương trình", 1, today),
        ("Chỉ tiêu", 2, today),
    )


def _today() -> str:
    from datetime import date

    from desktop.format import vn_date

    return vn_date(date.today())


def test_receipts_mark_bundles_received_or_returned(ex: Exchange) -> None:
    march, april = ex.export("2024-03"), ex.export("2024-04")
    ex.merge(april)
    ex.merge(march)  # a rollback: returned with the reason
    assert [r.state for r in sync_status(shared(ex.district)).sent] == ["sent", "sent"]
    assert _take(ex, _package(ex, "receipts", "bien-nhan.udp", year=None))[0].verdict == "accepted"
    sent = {r.sequence: r for r in sync_status(shared(ex.district)).sent}
    assert sent[2].state_label == "Tỉnh đã nhận"
    assert sent[1].state_label == "Tỉnh trả lại" and "cũ hơn gói số 2" in sent[1].reason


def test_a_package_signed_by_another_province_is_refused(tmp_path: Path, memory_keyring) -> None:
    from desktop.sync.keys import trust_card
    from tests.unit._sync_fixtures import make_office

    ex = Exchange(tmp_path)
    other = make_office(tmp_path / "p2.sqlite", "province", ("LDLD-TRAVINH", "LĐLĐ tỉnh Trà Vinh"))
    trust_card(shared(other), tmp_path / "district.card")
    out = tmp_path / "gia.udp"
    export_package(shared(other), "receipts", DISTRICT[0], out, passphrase=no_passphrase)
    result = _take(ex, out)[0]
    assert result.verdict == "refused" and "chưa được đăng ký" in result.message


def test_only_the_province_makes_packages(ex: Exchange) -> None:
    with pytest.raises(UserError, match="Chỉ LĐLĐ tỉnh lập gói"):
        export_package(
            shared(ex.district),
            "receipts",
            DISTRICT[0],
            ex.folder / "x.udp",
            passphrase=no_passphrase,
        )


def test_rotation_is_announced_by_the_old_key_and_followed(ex: Exchange) -> None:
    old, _ = load_own_pair(shared(ex.district), passphrase=no_passphrase)
    first = ex.export("2024-03")
    new = rotate_keys(shared(ex.district), passphrase=no_passphrase)
    announcing = ex.export("2024-04")  # signed by the old key, announces the new one
    after = ex.export("2024-05")  # signed by the new key
    active, _ = load_own_pair(shared(ex.district), passphrase=no_passphrase)
    assert active.key_id == new.key_id != old.key_id
    # The province missed the announcing bundle: the chain in the later one still proves the key.
    assert [r.verdict for r in ex.merge(first, after)] == ["merged", "merged"]
    keys = {k.key_id: k for k in show_keys(shared(ex.province)).trusted}
    assert keys[new.key_id].valid_from_sequence == 3
    assert keys[old.key_id].revoked_from_sequence == 3
    # A bundle numbered 3 or later signed with the old key is now refused.
    result = ex.merge(announcing)[0]
    assert result.verdict == "refused"  # sequence 2 after 3: a rollback
    assert "cũ hơn gói số 3" in result.message


def test_a_key_announced_by_an_unknown_key_is_not_followed(ex: Exchange) -> None:
    from desktop.sync.format.crypto import generate_key_pair
    from tests.unit._bundle_craft import open_inner, reseal, resign

    ex.merge(ex.export("2024-03"))
    inner = open_inner(ex.province, ex.export("2024-04").read_bytes())
    forged_old, forged_new = generate_key_pair(), generate_key_pair()
    from desktop.sync.format.canonical import canonical

    body = {
        "unit_code": DISTRICT[0],
        "key_id": forged_new.key_id,
        "sign_public": forged_new.sign_public.hex(),
        "box_public": forged_new.box_public.hex(),
        "replaces_key_id": forged_old.key_id,
        "valid_from_sequence": 2,
    }
    announcement = {**body, "signature": forged_old.sign(canonical(body)).hex()}
    crafted = resign(
        inner,
        forged_new,
        change={"signing_key_id": forged_new.key_id, "key_announcements": [announcement]},
    )
    path = ex.folder / "forged.udb"
    path.write_bytes(reseal(crafted, ex.province))
    result = ex.merge(path)[0]
    assert result.verdict == "refused" and "chưa được đăng ký" in result.message


def test_the_card_of_a_rotated_key_not_yet_announced(
    ex: Exchange, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.sync.format.card import read_card
    from desktop.sync.keys import trust_card
    from tests.unit._sync_fixtures import parse_cli

    def export(*extra: str) -> int:
        args = parse_cli(["keys", "export", "--db", str(ex.district), *extra])
        return args.handler(args)  # type: ignore[no-any-return]

    with pytest.raises(UserError) as nothing_waits:
        export("--out", str(ex.folder / "none.card"), "--pending")
    assert nothing_waits.value.message == (
        "Đơn vị LDLD-BATRI không có khóa mới nào đang chờ: «uniondesk keys rotate» tạo khóa "
        "mới, gói xuất tiếp theo (ký bằng khóa cũ) báo khóa đó. Thẻ của khóa đang dùng: "
        "uniondesk keys export."
    )
    assert not (ex.folder / "none.card").exists()
    old, _ = load_own_pair(shared(ex.district), passphrase=no_passphrase)
    ex.merge(ex.export("2024-03"))
    new = rotate_keys(shared(ex.district), passphrase=no_passphrase)
    capsys.readouterr()
    assert export("--out", str(ex.folder / "new.card"), "--pending") == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        f"Đã ghi thẻ khóa mới (đang chờ, chưa gói nào báo) {new.key_id} của LDLD-BATRI – "
        f"Liên đoàn Lao động huyện Ba Tri vào {ex.folder / 'new.card'}.",
        f"Dấu vân tay (đọc cho đơn vị nhận để đối chiếu): {new.fingerprint}",
    ]
    card = read_card(ex.folder / "new.card")  # self-signed by the waiting key
    assert (card.key_id, card.fingerprint) == (new.key_id, new.fingerprint)
    assert export("--out", str(ex.folder / "current.card")) == 0  # without --pending: the old
    assert read_card(ex.folder / "current.card").key_id == old.key_id
    # The province registers the new card ahead; the announcing bundle and the next still merge.
    trust_card(shared(ex.province), ex.folder / "new.card", fingerprint=new.fingerprint)
    assert [r.verdict for r in ex.merge(ex.export("2024-04"), ex.export("2024-05"))] == [
        "merged",
        "merged",
    ]
    with pytest.raises(UserError, match="không có khóa mới nào đang chờ"):  # announced now
        export("--out", str(ex.folder / "again.card"), "--pending")
