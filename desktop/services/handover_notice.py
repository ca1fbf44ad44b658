"""(The closing office) `office handover`: the signed notice that its register passed to its
successor and its chain of bundles is closed (docs/bundle-format.md §12).

Written like a bundle (desktop/sync/office/export.py): signed with the office's key, sealed to the
province, numbered next in its chain and naming its last bundle as the previous manifest. The
province's side is desktop/sync/province/handover.py.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from desktop.errors import UserError
from desktop.format import vn_date
from desktop.models import GrassrootsUnion, SentBundle, Setting, UnitKey
from desktop.store import Store
from desktop.sync import keystore
from desktop.sync.format import messages
from desktop.sync.format.canonical import canonical
from desktop.sync.format.envelope import seal_bundle
from desktop.sync.format.files import write_new
from desktop.sync.format.making import SYSTEM, Making, addressee_of, manifest_fields, unit_of
from desktop.sync.format.names import HANDOVER, HANDOVER_PART
from desktop.sync.format.names import HANDOVER_CODE as CODE
from desktop.sync.format.names import HANDOVER_SETTING as SETTING
from desktop.sync.keys import office_of, own_active_row
from desktop.sync.keystore import Passphrase, default_passphrase

HANDOVER_NOT_DISTRICT = (
    "Chỉ đơn vị cấp trên cơ sở lập thông báo bàn giao ({path} là sổ của LĐLĐ tỉnh)."
)
HANDOVER_TO_SELF = (
    "Mã đơn vị nhận ({code}) trùng mã của chính đơn vị này: hãy ghi mã đơn vị kế nhiệm."
)
HANDOVER_BAD_CODE = (
    "Mã đơn vị nhận «{code}» không hợp lệ: ghi mã như LĐLĐ tỉnh đã đăng ký (chữ, số, «-», «_», "
    "tối đa 32 ký tự), ví dụ --to LDLD-BATRI."
)
HANDOVER_AGAIN = (
    "Đơn vị này đã lập thông báo bàn giao cho {code} ngày {day} (số {sequence}, tệp {file}): "
    "không lập lần nữa. Tệp đó vẫn dùng được; gửi lại chính tệp đó cho LĐLĐ tỉnh."
)
HANDOVER_DONE = (
    "Đã lập thông báo bàn giao số {sequence}: {code} bàn giao sổ cho {successor} ({unions} CĐCS); "
    "gói cuối đã gửi: {last}. Tệp: {path}"
)
LAST_NONE = "chưa gửi gói nào"
LAST_BUNDLE = "số {sequence} kỳ {period}"


@dataclass(frozen=True)
class NoticeResult:
    code: str  # the closing office
    path: str
    sequence: int
    successor: str
    last_sequence: int
    last_period: str
    unions: int

    def line(self) -> str:
        last = (
            LAST_BUNDLE.format(sequence=self.last_sequence, period=self.last_period)
            if self.last_sequence
            else LAST_NONE
        )
        return HANDOVER_DONE.format(
            sequence=self.sequence,
            code=self.code,
            successor=self.successor,
            unions=self.unions,
            last=last,
            path=self.path,
        )


# ---- the closing office ----------------------------------------------------------------------


def write_notice(
    db: Store,
    successor: str,
    out: Path,
    *,
    passphrase: Passphrase = default_passphrase,
    making: Making = SYSTEM,
) -> NoticeResult:
    """(Office) write the signed handover notice naming `successor`; one per office, never
    over an existing file. The notice takes the next number of the office's chain."""
    from desktop.services.roles import Action, permit
    from desktop.sync.office.export import chain_point

    permit(Action.EXPORT)
    successor = successor.strip()
    if out.exists():
        raise UserError(messages.OUT_EXISTS.format(path=out))
    with db.session() as session:
        office = office_of(session, db.label)
        if office.role == "province":
            raise UserError(HANDOVER_NOT_DISTRICT.format(path=db.label))
        if CODE.fullmatch(successor) is None:
            raise UserError(HANDOVER_BAD_CODE.format(code=successor))
        if successor == office.code:
            raise UserError(HANDOVER_TO_SELF.format(code=successor))
        office_code = office.code
        earlier = session.get(Setting, SETTING)
        if earlier is not None:
            raise UserError(HANDOVER_AGAIN.format(**json.loads(earlier.value)))
        key_row = own_active_row(session, db.label)
        province = session.scalars(
            select(UnitKey).where(
                UnitKey.own.is_(False), UnitKey.active.is_(True), UnitKey.role == "province"
            )
        ).first()
        if province is None:
            raise UserError(messages.NO_PROVINCE_KEY)
        chain = chain_point(session)
        last_sequence, last_period = (
            (chain.previous[0], chain.previous[1]) if chain.previous else (0, "")
        )
        today = making.today()
        unions = [
            {"id": u.id, "name": unicodedata.normalize("NFC", u.name)}
            for u in session.scalars(
                select(GrassrootsUnion)
                .where(GrassrootsUnion.deleted_at.is_(None), GrassrootsUnion.unit_code == "")
                .order_by(GrassrootsUnion.name, GrassrootsUnion.id)
            )
        ]
        body = {
            "successor_code": successor,
            "handed_over_on": today.isoformat(),
            "last_sequence": last_sequence,
            "last_manifest_sha256": chain.manifest_sha256,
            "last_period": last_period,
            "unions": unions,
        }
        fields = manifest_fields(
            making,
            bundle_type=HANDOVER,
            unit=unit_of(office),
            addressee=addressee_of(province),
            signing_key_id=key_row.key_id,
            recipient_key_ids=[province.key_id],
            period=f"{today.year:04d}-{today.month:02d}",
            sequence=chain.next_sequence,
            previous_manifest_sha256=chain.manifest_sha256,
        )
        from desktop.sync.format.manifest import build_inner

        pair = keystore.load(office.code, key_row.key_id, key_row.storage, passphrase)
        inner, manifest = build_inner(fields, [(HANDOVER_PART, canonical(body))], pair)
        recipient = (province.key_id, bytes.fromhex(province.box_public))
        data = seal_bundle(inner, [recipient], random_bytes=making.random_bytes)
        # Its number is spent like a bundle's: the chain never reuses one.
        session.add(
            SentBundle(
                bundle_id=fields["bundle_id"],
                sequence=chain.next_sequence,
                period=fields["period"],
                manifest_sha256=manifest.sha256,
                signing_key_id=key_row.key_id,
                file_name=out.name,
                record_counts="{}",
                state="sent",
            )
        )
        remembered = {
            "code": successor,
            "day": vn_date(today),
            "sequence": chain.next_sequence,
            "file": out.name,
        }
        session.add(Setting(key=SETTING, value=json.dumps(remembered, ensure_ascii=False)))
        session.flush()
        write_new(out, data)
    from desktop.services.audit import record

    record(db, "bundle_export", f"{out.name}: thông báo bàn giao sổ cho {successor}")
    return NoticeResult(
        office_code,
        str(out),
        chain.next_sequence,
        successor,
        last_sequence,
        last_period,
        len(unions),
    )
