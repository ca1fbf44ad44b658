"""Province packages as strict as docs/bundle-format.md §9: their chain, their content, whom they
are sealed to; `bundle verify` on an office says what `bundle merge` will do."""

from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest

from desktop.models import Quota, Target
from desktop.services.bundles import process_files
from desktop.store import Store, shared
from desktop.sync.key_chain import revoke_key
from desktop.sync.keys import load_own_pair
from desktop.sync.office.rotation import rotate_keys
from desktop.sync.province.packages import export_package
from tests.unit._bundle_craft import manifest_of, open_inner, resign, seal_to
from tests.unit._sync_fixtures import DISTRICT, Exchange, memory_keyring, no_passphrase

__all__ = ["memory_keyring"]


@pytest.fixture
def ex(tmp_path: Path, memory_keyring) -> Exchange:  # type: ignore[no-untyped-def]
    ex = Exchange(tmp_path)
    from desktop.services.progress import ensure_programme

    ensure_programme(shared(ex.province), 2024)
    db = Store(ex.province)
    with db.session() as s:
        targets = {t.code: t.id for t in s.query(Target)}
        s.add(Quota(target_id=targets["2a"], unit_code=DISTRICT[0], value=450))
        s.add(Quota(target_id=targets["1a"], unit_code=DISTRICT[0], value=92.5))
    db.close()
    return ex


def _package(ex: Exchange, name: str, kind: str = "quotas") -> Path:
    out = ex.folder / name
    year = None if kind == "receipts" else 2024
    export_package(shared(ex.province), kind, DISTRICT[0], out, year=year, passphrase=no_passphrase)
    return out


def _take(ex: Exchange, path: Path, *, write: bool = True):  # type: ignore[no-untyped-def]
    return process_files(shared(ex.district), [path], write=write, passphrase=no_passphrase)[0]


def _quotas(ex: Exchange) -> dict[str, float]:
    with sqlite3.connect(ex.district) as con:
        return dict(
            con.execute(
                "SELECT t.code, q.value FROM quota q JOIN target t ON t.id = q.target_id "
                "WHERE q.deleted_at IS NULL ORDER BY t.code"
            ).fetchall()
        )


def _crafted(
    ex: Exchange,
    source: Path,
    name: str,
    *,
    change: dict[str, Any] | None = None,
    parts: dict[str, bytes] | None = None,
) -> Path:
    """A package the province's key signed, changed as another program might have made it."""
    _, pair = load_own_pair(shared(ex.province), passphrase=no_passphrase)
    inner = resign(open_inner(ex.district, source.read_bytes()), pair, change=change, parts=parts)
    out = ex.folder / name
    out.write_bytes(seal_to(inner, ex.district))
    return out


def _judged(ex: Exchange, path: Path) -> str:
    """Verify, then take: the same refusal, and the office's quotas as they were."""
    before = _quotas(ex)
    checked, taken = _take(ex, path, write=False), _take(ex, path)
    assert (checked.verdict, taken.verdict) == ("refused", "refused"), taken.message
    assert checked.message == taken.message
    assert _quotas(ex) == before
    return taken.message


def _next(ex: Exchange, source: Path, name: str, sequence: int, previous: str) -> Path:
    change = {"sequence": sequence, "previous_manifest_sha256": previous}
    return _crafted(ex, source, name, change={**change, "bundle_id": str(uuid.uuid4())})


def test_a_package_with_an_invented_previous_hash_is_refused(ex: Exchange) -> None:
    first = _package(ex, "q1.udp")
    assert _take(ex, first).verdict == "accepted"
    forged = _next(ex, first, "q2.udp", 2, "ab" * 32)
    assert _judged(ex, forged) == (
        "Tệp q2.udp: gói chỉ tiêu số 2 không nối tiếp gói số 1 đã nhận (mã băm gói trước ghi "
        "trong gói không khớp); không áp dụng. Hãy đề nghị LĐLĐ tỉnh kiểm tra và lập lại gói."
    )
    # The province's real second package names the first: taken.
    assert _take(ex, _package(ex, "q2-that.udp")).verdict == "accepted"


def test_a_first_package_naming_a_previous_one_is_refused(ex: Exchange) -> None:
    forged = _next(ex, _package(ex, "q1.udp"), "q1-sai.udp", 1, "ab" * 32)
    assert _judged(ex, forged) == (
        "Tệp q1-sai.udp: bản kê (manifest) bị hỏng: «previous_manifest_sha256» phải là rỗng ở "
        "gói số 1."
    )


def test_another_package_under_a_number_taken_is_refused(ex: Exchange) -> None:
    first = _package(ex, "q1.udp")
    assert _take(ex, first).verdict == "accepted"
    other = _crafted(ex, first, "q1-khac.udp", change={"bundle_id": str(uuid.uuid4())})
    assert _judged(ex, other) == (
        "Tệp q1-khac.udp: gói chỉ tiêu số 1 khác với gói số 1 đã nhận; không áp dụng. Hãy đề nghị "
        "LĐLĐ tỉnh kiểm tra và gửi gói mới nhất."
    )


def test_a_missed_package_does_no_harm(ex: Exchange) -> None:
    first, _second, third = (_package(ex, f"q{n}.udp") for n in (1, 2, 3))
    assert [_take(ex, p).verdict for p in (first, third)] == ["accepted", "accepted"]
    assert _quotas(ex) == {"1a": 92.5, "2a": 450.0}


def _quota_body(ex: Exchange, quotas: list[dict[str, Any]], **extra: Any) -> dict[str, bytes]:
    body = {"year": 2024, "unit_code": DISTRICT[0], "quotas": quotas, **extra}
    return {"quotas.json": json.dumps(body, ensure_ascii=False).encode()}


QUOTA_CONTENT = [
    (
        "unknown target",
        [{"target_code": "9z", "value": 4}],
        {},
        "không có chỉ tiêu «9z» trong chương trình 2024",
    ),
    (
        "a province target",
        [{"target_code": "6a", "value": 80}],
        {},
        "chỉ tiêu «6a» là chỉ tiêu riêng của tỉnh, không giao cho đơn vị",
    ),
    (
        "a negative count",
        [{"target_code": "2a", "value": -5}],
        {},
        "Chỉ tiêu 2a: giá trị không được âm (-5).",
    ),
    (
        "a percent over 100",
        [{"target_code": "1a", "value": 120}],
        {},
        "Chỉ tiêu 1a tính bằng phần trăm: 120 vượt quá 100 %.",
    ),
    (
        "a code twice",
        [{"target_code": "2a", "value": 4}, {"target_code": "2a", "value": 5}],
        {},
        "chỉ tiêu «2a» được giao hai lần",
    ),
    (
        "a value in words",
        [{"target_code": "2a", "value": "450"}],
        {},
        "chỉ tiêu «2a»: giá trị phải là một số",
    ),
    (
        "a field of its own",
        [{"target_code": "2a", "value": 4}],
        {"note": "x"},
        "«quotas.json» có trường lạ «note» (định dạng phiên bản này không có trường đó)",
    ),
]


@pytest.mark.parametrize(
    ("quotas", "extra", "detail"), [q[1:] for q in QUOTA_CONTENT], ids=[q[0] for q in QUOTA_CONTENT]
)
def test_quota_content_is_checked_by_verify_as_by_take(
    ex: Exchange, quotas: list[dict[str, Any]], extra: dict[str, Any], detail: str
) -> None:
    crafted = _crafted(ex, _package(ex, "q1.udp"), "q.udp", parts=_quota_body(ex, quotas, **extra))
    assert _judged(ex, crafted) == f"Tệp q.udp: nội dung gói chỉ tiêu không hợp lệ ({detail})."


def test_bundle_verify_on_the_command_line_refuses_an_unknown_target(
    ex: Exchange, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.app import main

    body = _quota_body(ex, [{"target_code": "9z", "value": 4}])
    crafted = _crafted(ex, _package(ex, "q1.udp"), "q.udp", parts=body)
    capsys.readouterr()
    assert main(["bundle", "verify", str(crafted), "--db", str(ex.district)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "[TỪ CHỐI] q.udp",
        "    Tệp q.udp: nội dung gói chỉ tiêu không hợp lệ (không có chỉ tiêu «9z» trong "
        "chương trình 2024).",
    ]


def test_a_receipt_with_an_unknown_verdict_is_refused(ex: Exchange) -> None:
    source = _package(ex, "r1.udp", "receipts")
    receipt = {
        "bundle_id": str(uuid.uuid4()),
        "sequence": 1,
        "period": "2024-03",
        "manifest_sha256": "ab" * 32,
        "verdict": "lost",
        "reason": "",
    }
    body = json.dumps({"receipts": [receipt]}).encode()
    crafted = _crafted(ex, source, "r.udp", parts={"receipts.json": body})
    assert _judged(ex, crafted) == (
        "Tệp r.udp: nội dung gói biên nhận không hợp lệ («receipts[].verdict» phải là received, "
        "returned)."
    )


def test_after_a_rotation_packages_are_sealed_to_every_key_the_office_holds(ex: Exchange) -> None:
    old, _ = load_own_pair(shared(ex.district), passphrase=no_passphrase)
    ex.merge(ex.export("2024-03"))
    new = rotate_keys(shared(ex.district), passphrase=no_passphrase)
    assert [r.verdict for r in ex.merge(ex.export("2024-04"), ex.export("2024-05"))] == [
        "merged",
        "merged",
    ]
    package = _package(ex, "q1.udp")
    manifest = manifest_of(open_inner(ex.district, package.read_bytes()))
    assert manifest["recipient_key_ids"] == [old.key_id, new.key_id]
    assert _take(ex, package).verdict == "accepted"
    # A key the province revokes for another reason (a lost laptop) gets nothing sealed to it.
    revoke_key(shared(ex.province), DISTRICT[0], old.key_id, 2)
    package = _package(ex, "q2.udp")
    manifest = manifest_of(open_inner(ex.district, package.read_bytes()))
    assert manifest["recipient_key_ids"] == [new.key_id]


def test_a_card_registered_before_its_announcement_still_gets_both_keys(ex: Exchange) -> None:
    from desktop.sync.keys import export_card, trust_card

    old, _ = load_own_pair(shared(ex.district), passphrase=no_passphrase)
    ex.merge(ex.export("2024-03"))
    new = rotate_keys(shared(ex.district), passphrase=no_passphrase)
    export_card(shared(ex.district), ex.folder / "new.card", passphrase=no_passphrase, pending=True)
    trust_card(shared(ex.province), ex.folder / "new.card", fingerprint=new.fingerprint)
    assert [r.verdict for r in ex.merge(ex.export("2024-04"), ex.export("2024-05"))] == [
        "merged",
        "merged",
    ]
    package = _package(ex, "q1.udp")
    manifest = manifest_of(open_inner(ex.district, package.read_bytes()))
    assert manifest["recipient_key_ids"] == [old.key_id, new.key_id]
    with sqlite3.connect(ex.province) as con:
        assert con.execute(
            "SELECT replaces_key_id, valid_from_sequence FROM unit_key WHERE key_id = ?",
            (new.key_id,),
        ).fetchone() == (old.key_id, 3)
