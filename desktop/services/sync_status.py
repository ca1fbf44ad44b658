"""What the Đồng bộ screen and `bundle list` show: keys, sent bundles and their state, packages.

Qt-free; returns frozen dataclasses so the GUI thread never touches a session.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import text

from desktop.format import period_label, vn_date
from desktop.services.decisions import DecisionLine, decision_lines
from desktop.sync.format.summary import read_summary, summary_lines

if TYPE_CHECKING:
    from desktop.store import Store

STATE_LABELS = {"sent": "Đã gửi", "received": "Tỉnh đã nhận", "returned": "Tỉnh trả lại"}
HELD_NOTE = "gói máy này không còn (gửi trước khi khôi phục bản sao lưu)"
VERDICT_LABELS = {
    "merged": "Đã gộp",
    "fork": "Rẽ nhánh (cần kiểm tra)",
    "rollback": "Cũ hơn",
    "refused": "Từ chối",
    "branch": "Nhánh rẽ đã bỏ",
    "resolved_keep": "Quyết định: giữ gói đã gộp",
    "resolved_take": "Quyết định: nhận nhánh mới",
}
PACKAGE_LABELS = {"programme": "Chương trình", "quotas": "Chỉ tiêu", "receipts": "Biên nhận"}


@dataclass(frozen=True)
class SentRow:
    sequence: int
    period: str
    file_name: str
    created_on: str  # dd/mm/yyyy
    members: int
    state: str
    state_label: str
    reason: str
    changes: tuple[str, ...] = ()  # its summary, in words
    held: bool = False  # named by the province's receipts, not exported from this database


@dataclass(frozen=True)
class LedgerRow:
    unit_code: str
    sequence: int
    period: str
    verdict: str
    verdict_label: str
    reason: str
    gaps: str
    received_on: str
    changes: tuple[str, ...] = ()  # the sender's summary, in words
    earlier: str = ""  # the codes the office had before its code changed (the 2025 reform)
    answers: str = ""  # the returned months this bundle answered: "tháng 6/2024"


@dataclass(frozen=True)
class SyncStatus:
    office_code: str
    office_name: str
    role: str
    own_key_id: str
    own_fingerprint: str
    needs_passphrase: bool  # the key is in a passphrase-protected file not yet opened
    province_code: str
    province_fingerprint: str
    sent: tuple[SentRow, ...]
    packages: tuple[tuple[str, int, str], ...]  # (type label, sequence, accepted dd/mm/yyyy)
    ledger: tuple[LedgerRow, ...]
    decisions: tuple[DecisionLine, ...] = ()  # the newest decision per month, in words

    def lines(self) -> list[str]:
        out = [f"{self.office_code} – {self.office_name}"]
        out.append(f"Khóa của đơn vị: {self.own_key_id or '(chưa có)'}  {self.own_fingerprint}")
        if self.role != "province":
            out.append(
                f"Khóa LĐLĐ tỉnh đã tin: {self.province_code or '(chưa có)'}  {self.province_fingerprint}"
            )
            out.append("Các gói đã gửi:")
            for row in self.sent:
                reason = f" – {row.reason}" if row.reason else ""
                name = f"  ({row.file_name})" if row.file_name else ""
                out.append(
                    f"  số {row.sequence:>3}  {period_label(row.period):<14} {row.created_on}  "
                    f"{row.state_label}{reason}{name}"
                )
                out += [f"        {line}" for line in row.changes]
            for label, sequence, on in self.packages:
                out.append(f"Gói {label.lower()} đã nhận: số {sequence} ({on})")
            if self.decisions:
                out.append("LĐLĐ tỉnh đã xem báo cáo tháng:")
                out += [f"  {line.text}" for line in self.decisions]
        else:
            out.append("Sổ nhận gói:")
            for entry in self.ledger:
                note = f" – {entry.reason or entry.gaps}" if (entry.reason or entry.gaps) else ""
                if entry.answers:
                    note += f" – gửi lại báo cáo bị trả lại ({entry.answers})"
                unit = entry.unit_code
                if entry.earlier:
                    unit = f"{unit} (trước đây: {entry.earlier})"
                out.append(
                    f"  {unit:<14} số {entry.sequence:>3}  {period_label(entry.period):<14} "
                    f"{entry.received_on}  {entry.verdict_label}{note}"
                )
                out += [f"        {line}" for line in entry.changes]
            if self.decisions:
                out.append("Quyết định về báo cáo tháng của các đơn vị:")
                out += [f"  {line.text}" for line in self.decisions]
        return out


def _day(text: str | None) -> str:
    from datetime import date

    return vn_date(date.fromisoformat(text[:10])) if text else ""


def sync_status(store: Store) -> SyncStatus:
    """Read-only summary of this office's exchange with the province (or its units)."""
    from desktop.sync.province.code_change import previous_codes_of

    with store.reading() as plain:

        def ask(sql: str) -> Any:
            return plain.execute(text(sql))

        office = ask(
            "SELECT code, name, role FROM office WHERE deleted_at IS NULL LIMIT 1"
        ).fetchone() or ("", "", "district")
        own = ask(
            "SELECT key_id, fingerprint, storage FROM unit_key WHERE own = TRUE AND active = TRUE LIMIT 1"
        ).fetchone() or ("", "", "")
        province = ask(
            "SELECT unit_code, fingerprint FROM unit_key WHERE own = FALSE AND active = TRUE AND role = 'province' "
            "ORDER BY id DESC LIMIT 1"
        ).fetchone() or ("", "")
        sent = [
            SentRow(
                seq,
                period,
                name,
                _day(created),
                json.loads(counts or "{}").get("member", 0),
                state,
                STATE_LABELS.get(state, state),
                reason,
                tuple(summary_lines(read_summary(summary))),
            )
            for seq, period, name, created, counts, state, reason, summary in ask(
                "SELECT sequence, period, file_name, created_at, record_counts, state, reason, "
                "summary FROM sent_bundle"
            )
        ]
        sent += [
            SentRow(
                seq,
                period,
                "",
                "",
                0,
                state,
                f"{STATE_LABELS.get(state, state)} – {HELD_NOTE}",
                reason,
                held=True,
            )
            for seq, period, state, reason in ask(
                "SELECT sequence, period, state, reason FROM held_bundle"
            )
        ]
        sent.sort(key=lambda row: (row.sequence, not row.held), reverse=True)
        packages = tuple(
            (PACKAGE_LABELS.get(kind, kind), seq, _day(on))
            for kind, seq, on in ask(
                "SELECT package_type, sequence, accepted_at FROM accepted_package ORDER BY package_type"
            )
        )
        answered: dict[str, str] = {}
        for bundle_id, month in ask(
            "SELECT answered_by, period FROM period_decision WHERE answered_by <> '' "
            "AND deleted_at IS NULL ORDER BY period"
        ):
            said = period_label(month)
            answered[bundle_id] = (
                f"{answered[bundle_id]}, {said}" if bundle_id in answered else said
            )
        earlier = {  # once per office: a ledger holds a row per bundle
            unit: ", ".join(previous_codes_of(plain, unit))
            for (unit,) in ask("SELECT DISTINCT unit_code FROM bundle_ledger")
        }
        ledger = tuple(
            LedgerRow(
                unit,
                seq,
                period,
                verdict,
                VERDICT_LABELS.get(verdict, verdict),
                reason,
                gaps,
                _day(on),
                tuple(summary_lines(read_summary(summary))) if verdict == "merged" else (),
                earlier[unit],
                answered.get(bundle_id, ""),
            )
            for unit, seq, period, verdict, reason, gaps, on, summary, bundle_id in ask(
                "SELECT unit_code, sequence, period, verdict, reason, gaps, received_at, summary, "
                "bundle_id FROM bundle_ledger ORDER BY id DESC"
            )
        )
        from desktop.sync.province.handover import closed_chains

        decided = decision_lines(plain) if office[0] else ()

        ledger = (  # a closed chain heads the list: nothing more comes from that office
            *(
                LedgerRow(
                    c.from_code, c.sequence, c.period, "handover", c.label, "", "", c.received_on
                )
                for c in closed_chains(plain)
            ),
            *ledger,
        )
    from desktop.sync.keystore import is_unlocked

    locked = own[2] == "file" and not is_unlocked(own[0])
    return SyncStatus(
        office[0],
        office[1],
        office[2],
        own[0],
        own[1],
        locked,
        province[0],
        province[1],
        tuple(sent),
        packages,
        ledger,
        decided,
    )
