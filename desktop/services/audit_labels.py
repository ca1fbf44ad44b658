"""How the audit trail is put into words: actions, tables, fields and values in Vietnamese.

Field labels are the forms' own (the member form, the union form's FIELDS, the office
settings …), so a change reads as the clerk typed it: «Họ và tên: Nguyễn Văn A → Nguyễn Văn B».
"""

from __future__ import annotations

from datetime import date
from typing import Any

# Every action a writer of the trail uses, in the words the log shows.
ACTION_LABELS: dict[str, str] = {
    "add": "Thêm",
    "edit": "Sửa",
    "delete": "Xóa",
    "restore": "Khôi phục bản ghi",
    "view": "Xem danh sách",
    "export": "Xuất danh sách",
    "report": "Lập báo cáo",
    "print": "In",
    "import": "Nhập danh sách",
    "bundle_export": "Xuất gói dữ liệu",
    "bundle_merge": "Gộp gói dữ liệu",
    "bundle_resolve": "Xử lý gói bị rẽ nhánh",
    "account": "Tài khoản",
    "login": "Đăng nhập",
    "logout": "Đăng xuất",
    "backup": "Sao lưu",
    "restore_backup": "Khôi phục từ bản sao lưu",
    "keys": "Khóa ký, khóa mã hóa",
    "demo": "Tạo dữ liệu mẫu",
    "migrate": "Nâng cấp cơ sở dữ liệu",
    "office_code_change": "Đổi mã đơn vị",
}

TABLE_LABELS: dict[str, str] = {
    "member": "Đoàn viên",
    "member_event": "Biến động đoàn viên",
    "household_review": "Rà soát hộ nghèo",
    "grassroots_union": "Công đoàn cơ sở",
    "union_rating": "Xếp loại CĐCS",
    "enterprise": "Doanh nghiệp chưa có công đoàn",
    "activity": "Hoạt động",
    "inspection": "Kiểm tra, giám sát",
    "complaint": "Đơn thư",
    "office": "Thông tin đơn vị",
    "programme": "Chương trình công tác",
    "target": "Chỉ tiêu",
    "task_area": "Nhiệm vụ",
    "quota": "Giao chỉ tiêu",
    "progress_entry": "Kết quả thực hiện",
    "narrative": "Tình hình thực hiện nhiệm vụ",
    "account": "Tài khoản",
    "setting": "Cài đặt",
    "unit_key": "Khóa của đơn vị",
    "office_code_change": "Đổi mã đơn vị",
}

_MEMBER = {
    "full_name": "Họ và tên",
    "gender": "Giới tính",
    "birth_date": "Ngày sinh",
    "citizen_id": "Số CCCD",
    "card_number": "Số thẻ đoàn viên",
    "phone": "Điện thoại",
    "ethnicity": "Dân tộc",
    "job_title": "Chức danh, nghề nghiệp",
    "union_id": "Công đoàn cơ sở",
    "joined_on": "Ngày vào công đoàn",
    "status": "Trạng thái",
    "household_status": "Hộ gia đình",
    "party_introduced_on": "Ngày giới thiệu cho Đảng",
    "smartca_installed_on": "Ngày cài SmartCA",
    "note": "Ghi chú",
}
_COMMON = {
    "deleted_at": "Ngày xóa",
    "unit_code": "Mã đơn vị",
    "note": "Ghi chú",
    "name": "Tên",
    "union_id": "Công đoàn cơ sở",
    "member_id": "Đoàn viên",
}


def _field_tables() -> dict[str, dict[str, str]]:
    from desktop.services.office_settings import ALL_FIELDS as OFFICE
    from desktop.services.oversight import COMPLAINT_FIELDS, INSPECTION_FIELDS
    from desktop.services.prospects import FIELDS as PROSPECT
    from desktop.services.union_form import FIELDS as UNION

    return {
        "member": _MEMBER,
        "grassroots_union": UNION
        | {"dissolved_on": "Ngày giải thể", "dissolved_reason": "Lý do giải thể"},
        "enterprise": PROSPECT,
        "inspection": INSPECTION_FIELDS,
        "complaint": COMPLAINT_FIELDS | {"within_authority": "Thuộc thẩm quyền"},
        "office": {column: label for label, column, _, _ in OFFICE.values()}
        | {"short_name": "Tên viết tắt", "role": "Vai trò"},
        "office_code_change": {
            "old_code": "Mã cũ",
            "new_code": "Mã mới",
            "unit_name": "Tên đơn vị",
            "changed_at": "Ngày đổi",
        },
        "member_event": {
            "kind": "Biến động",
            "event_date": "Ngày",
            "from_union_id": "Từ CĐCS",
            "to_union_id": "Đến CĐCS",
            "reason": "Lý do",
        },
        "household_review": {"reviewed_on": "Ngày rà soát", "status": "Hộ gia đình"},
        "union_rating": {"year": "Năm", "rating": "Xếp loại", "rated_on": "Ngày xếp loại"},
        "activity": {
            "task_area": "Nhiệm vụ",
            "kind": "Loại hoạt động",
            "subkind": "Chương trình",
            "title": "Tên hoạt động",
            "held_on": "Ngày tổ chức",
            "participants": "Số người tham gia",
            "participants_women": "Trong đó nữ",
            "amount": "Số tiền",
            "beneficiary_member_id": "Đoàn viên được hỗ trợ",
        },
        "account": {
            "name": "Tên đăng nhập",
            "full_name": "Họ và tên",
            "role": "Vai trò",
            "password_hash": "Mật khẩu",
            "disabled_at": "Ngày khóa",
        },
        "setting": {"key": "Tên cài đặt", "value": "Giá trị"},
        "quota": {"value": "Chỉ tiêu giao", "target_id": "Chỉ tiêu"},
        "progress_entry": {"value": "Kết quả", "period": "Kỳ", "target_id": "Chỉ tiêu"},
        "narrative": {"text": "Nội dung", "period": "Kỳ", "task_area_id": "Nhiệm vụ"},
    }


_TABLES: dict[str, dict[str, str]] | None = None


def _labels(table: str) -> dict[str, str]:
    global _TABLES
    if _TABLES is None:
        _TABLES = _field_tables()
    return _TABLES.get(table, {})


def field_label(table: str, field: str) -> str:
    return _labels(table).get(field) or _COMMON.get(field) or field


def form_order(table: str, fields: list[str]) -> list[str]:
    """`fields` in the order the record's form shows them; the others after, by name."""
    order = {name: n for n, name in enumerate(_labels(table))}
    return sorted(fields, key=lambda f: (order.get(f, len(order)), f))


def _value_tables() -> dict[str, dict[str, str]]:
    from desktop.services.accounts import ROLE_LABELS
    from desktop.services.activities import KIND_LABELS as ACTIVITY_KINDS
    from desktop.services.member_events import EVENT_LABELS
    from desktop.services.member_search import GENDER_LABELS, HOUSEHOLD_LABELS, STATUS_LABELS
    from desktop.services.office_kinds import KIND_LABELS as KIND_LABELS_OF_OFFICE
    from desktop.services.oversight import KIND_LABELS as INSPECTION_KINDS
    from desktop.services.oversight import SCOPE_LABELS
    from desktop.services.prospects import STATUS_LABELS as PROSPECT_STATUS
    from desktop.services.unions import EMPLOYER_LABELS, KIND_LABELS, RATING_LABELS, SECTOR_LABELS

    return {
        "member.gender": GENDER_LABELS,
        "member.status": STATUS_LABELS,
        "member.household_status": HOUSEHOLD_LABELS,
        "household_review.status": HOUSEHOLD_LABELS,
        "member_event.kind": EVENT_LABELS,
        "grassroots_union.sector": dict(SECTOR_LABELS),
        "grassroots_union.kind": dict(KIND_LABELS),
        "grassroots_union.employer_type": dict(EMPLOYER_LABELS),
        "enterprise.employer_type": dict(EMPLOYER_LABELS),
        "enterprise.status": dict(PROSPECT_STATUS),
        "union_rating.rating": dict(RATING_LABELS),
        "activity.kind": ACTIVITY_KINDS,
        "inspection.kind": dict(INSPECTION_KINDS),
        "inspection.scope": dict(SCOPE_LABELS),
        "account.role": ROLE_LABELS,
        "office.role": {"district": "Cấp trên trực tiếp cơ sở", "province": "Cấp tỉnh"},
        # The kinds in the words the office dialog and `office show` use.
        "office.kind": KIND_LABELS_OF_OFFICE,
    }


_VALUES: dict[str, dict[str, str]] | None = None
EMPTY = "(trống)"


def value_text(table: str, field: str, value: Any, names: dict[str, str] | None = None) -> str:
    """One stored value as the log shows it: dates dd/mm/yyyy, codes in words, a linked record
    by its name (`names`: id → name), yes/no, numbers with Vietnamese grouping."""
    global _VALUES
    if _VALUES is None:
        _VALUES = _value_tables()
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, int | float):
        return _number_text(field, value)
    text = str(value)
    words = _VALUES.get(f"{table}.{field}")
    if words and text in words:
        return words[text]
    if names and text in names:
        return names[text]
    return _date_text(text)


def _number_text(field: str, value: float) -> str:
    from desktop.format import money, number

    if field in ("year", "sequence", "position", "number"):
        return str(value)
    if field == "amount":
        return money(int(value))
    if isinstance(value, float) and not value.is_integer():
        return number(value, 2).rstrip("0").rstrip(",")
    return number(value)


def _date_text(text: str) -> str:
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return date.fromisoformat(text).strftime("%d/%m/%Y")
        except ValueError:
            return text
    if len(text) >= 19 and text[4] == "-" and text[10] in " T":
        # Every time a record holds is stored in UTC; the log reads it as the office does.
        from desktop.services.audit_chain import local_time

        return local_time(text)
    return text


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)
