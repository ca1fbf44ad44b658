"""The fields an import fills, and the Vietnamese headers offices write for each of them.

Headers are compared folded (no case, tones or đ; line breaks, brackets and punctuation as spaces),
so "Họ và\\ntên (*)" and "HO VA TEN" are the same header. Under a two-row header a column is
looked up as "group child" first, then by the group's own rules (Nam/Nữ under "Năm sinh" hold a
birth year, "Nữ" under "Số lao động" counts women), then by the child alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.text import fold

MEMBERS = "members"
UNIONS = "unions"
KINDS = (MEMBERS, UNIONS)
KIND_LABELS = {MEMBERS: "đoàn viên", UNIONS: "công đoàn cơ sở"}
IGNORE = ""  # the field of a column that is not imported
STT = "stt"  # recognised (it helps find the header) but never imported


@dataclass(frozen=True)
class Field:
    id: str
    label: str
    synonyms: tuple[str, ...]
    required: bool = False


_STT = Field(STT, "Số thứ tự (không nhập)", ("stt", "tt", "so tt", "so thu tu"))
_NOTE = Field("note", "Ghi chú", ("ghi chu",))

MEMBER_FIELDS: tuple[Field, ...] = (
    _STT,
    Field(
        "full_name",
        "Họ và tên",
        ("ho va ten", "ho ten", "ho va ten doan vien", "ten doan vien", "ho ten doan vien"),
        required=True,
    ),
    Field(
        "family_name",
        "Họ và tên đệm (khi tên ở cột riêng)",
        ("ho va ten dem", "ho dem", "ho va dem", "ho va chu lot", "ho lot", "ho chu lot", "ho"),
    ),
    Field("given_name", "Tên (khi họ ở cột riêng)", ("ten",)),
    Field("gender", "Giới tính (Nam/Nữ)", ("gioi tinh", "phai", "gioi", "nam nu", "nam hay nu")),
    Field("gender_male", "Cột «Nam» (X hoặc năm sinh)", ("nam",)),
    Field("gender_female", "Cột «Nữ» (X hoặc năm sinh)", ("nu",)),
    Field(
        "birth_date",
        "Ngày sinh",
        ("ngay sinh", "nam sinh", "ngay thang nam sinh", "sinh ngay", "ngay thang sinh"),
    ),
    Field(
        "citizen_id",
        "Số CCCD",
        (
            "so cccd",
            "cccd",
            "can cuoc cong dan",
            "so can cuoc cong dan",
            "so can cuoc",
            "can cuoc",
            "so dinh danh ca nhan",
            "so dinh danh",
            "ma dinh danh",
            "so cmnd cccd",
            "cmnd cccd",
            "cccd cmnd",
            "so cccd cmnd",
            "so cmnd",
            "cmnd",
            "ma cccd",
            "ma so cccd",
        ),
    ),
    Field("card_number", "Số thẻ đoàn viên", ("so the", "so the doan vien", "so the dv", "ma the")),
    Field(
        "phone",
        "Số điện thoại",
        (
            "dien thoai",
            "so dien thoai",
            "sdt",
            "dt",
            "di dong",
            "so di dong",
            "dien thoai di dong",
            "so dien thoai di dong",
        ),
    ),
    Field("ethnicity", "Dân tộc", ("dan toc",)),
    Field(
        "job_title",
        "Chức vụ, nghề nghiệp",
        ("chuc vu", "nghe nghiep", "chuc vu nghe nghiep", "chuc danh", "cong viec", "vi tri"),
    ),
    Field(
        "joined_on",
        "Ngày vào công đoàn",
        (
            "ngay vao cong doan",
            "ngay vao cd",
            "ngay ket nap",
            "ngay ket nap doan vien",
            "ngay gia nhap",
            "ngay gia nhap cong doan",
            "nam vao cong doan",
            "nam vao cd",
            "nam ket nap",
            "ngay vao",
            "thoi gian ket nap",
            "ngay ket nap cong doan",
        ),
    ),
    Field(
        "union",
        "Công đoàn cơ sở",
        (
            "cong doan co so",
            "cdcs",
            "ten cdcs",
            "ten cong doan co so",
            "don vi",
            "noi sinh hoat",
            "cdcs sinh hoat",
            "don vi cong tac",
            "co quan don vi",
        ),
    ),
    _NOTE,
)

EMPLOYER_CHOICES: dict[str, tuple[str, ...]] = {
    "agency": ("co quan", "co quan hanh chinh", "hanh chinh", "co quan nha nuoc", "hcsn"),
    "school": ("truong hoc", "truong", "don vi su nghiep", "su nghiep", "giao duc"),
    "state_enterprise": ("doanh nghiep nha nuoc", "dn nha nuoc", "dnnn"),
    "private_enterprise": (
        "doanh nghiep ngoai nha nuoc",
        "dn ngoai nha nuoc",
        "doanh nghiep tu nhan",
        "dn tu nhan",
        "dntn",
        "ngoai nha nuoc",
        "doanh nghiep",
    ),
    "fdi_enterprise": (
        "fdi",
        "doanh nghiep fdi",
        "dn fdi",
        "von nuoc ngoai",
        "dn von nuoc ngoai",
        "doanh nghiep co von dau tu nuoc ngoai",
        "doanh nghiep von nuoc ngoai",
    ),
    "cooperative": ("hop tac xa", "htx"),
    "trade": ("nghiep doan",),
}
EMPLOYER_LABELS = {
    "agency": "Cơ quan",
    "school": "Trường học, đơn vị sự nghiệp",
    "state_enterprise": "Doanh nghiệp nhà nước",
    "private_enterprise": "Doanh nghiệp ngoài nhà nước",
    "fdi_enterprise": "Doanh nghiệp FDI",
    "cooperative": "Hợp tác xã",
    "trade": "Nghiệp đoàn",
}

UNION_FIELDS: tuple[Field, ...] = (
    _STT,
    Field(
        "name",
        "Tên công đoàn cơ sở",
        (
            "ten cdcs",
            "ten cong doan co so",
            "cong doan co so",
            "cdcs",
            "ten don vi",
            "don vi",
            "ten",
            "ten cong doan",
            "ten co quan don vi",
        ),
        required=True,
    ),
    Field("sector", "Khu vực (Nhà nước/Ngoài nhà nước)", ("khu vuc", "khoi", "kv")),
    Field(
        "sector_state",
        "Cột «Nhà nước» (X)",
        ("nha nuoc", "khu vuc nha nuoc", "kv nha nuoc", "khoi nha nuoc"),
    ),
    Field(
        "sector_non_state",
        "Cột «Ngoài nhà nước» (X)",
        (
            "ngoai nha nuoc",
            "khu vuc ngoai nha nuoc",
            "kv ngoai nha nuoc",
            "khoi ngoai nha nuoc",
            "ngoai nn",
        ),
    ),
    Field(
        "employer_type",
        "Loại hình",
        ("loai hinh", "loai hinh don vi", "loai hinh doanh nghiep", "loai hinh to chuc"),
    ),
    *(
        Field(f"employer_type={key}", f"Cột «{label}» (X)", ())
        for key, label in EMPLOYER_LABELS.items()
    ),
    Field(
        "commune",
        "Xã, phường",
        ("xa phuong", "xa phuong thi tran", "xa", "phuong", "dia ban", "xa phuong dac khu"),
    ),
    Field("address", "Địa chỉ", ("dia chi", "tru so", "dia chi tru so")),
    Field("phone", "Điện thoại", ("dien thoai", "so dien thoai", "sdt")),
    Field(
        "workforce_total",
        "Tổng số lao động",
        (
            "tong so lao dong",
            "so lao dong",
            "lao dong",
            "so cnvcld",
            "tong so cnvcld",
            "so nguoi lao dong",
            "tong so cnvc ld",
            "cnvcld",
        ),
    ),
    Field(
        "workforce_women",
        "Lao động nữ",
        ("lao dong nu", "so lao dong nu", "trong do nu", "cnvcld nu", "nu"),
    ),
    Field(
        "founded_on",
        "Ngày thành lập",
        ("ngay thanh lap", "nam thanh lap", "thanh lap", "ngay thanh lap cdcs"),
    ),
    Field(
        "chair_name",
        "Chủ tịch CĐCS",
        (
            "chu tich",
            "chu tich cdcs",
            "ho ten chu tich",
            "ho va ten chu tich",
            "chu tich cong doan",
            "chu tich cong doan co so",
        ),
    ),
    _NOTE,
)

FIELDS = {MEMBERS: MEMBER_FIELDS, UNIONS: UNION_FIELDS}

# Group header → {child header → field}; "*" stands for every child (columns left out on purpose).
_GROUPS: dict[str, list[tuple[tuple[str, ...], dict[str, str]]]] = {
    MEMBERS: [
        (
            ("ho va ten", "ho ten", "ho va ten doan vien", "ho ten doan vien"),
            {
                "ho": "family_name",
                "ho dem": "family_name",
                "ho va ten dem": "family_name",
                "ho va dem": "family_name",
                "ho lot": "family_name",
                "ten": "given_name",
            },
        ),
        (
            ("gioi tinh", "phai", "gioi", "nam sinh", "ngay sinh", "ngay thang nam sinh"),
            {"nam": "gender_male", "nu": "gender_female"},
        ),
    ],
    UNIONS: [
        (
            ("khu vuc", "khoi", "kv"),
            {
                "nha nuoc": "sector_state",
                "ngoai nha nuoc": "sector_non_state",
                "khu vuc nha nuoc": "sector_state",
                "khu vuc ngoai nha nuoc": "sector_non_state",
                "nn": "sector_state",
                "ngoai nn": "sector_non_state",
            },
        ),
        (
            (
                "so lao dong",
                "lao dong",
                "tong so lao dong",
                "so cnvcld",
                "cnvcld",
                "so nguoi lao dong",
                "cnvc ld",
            ),
            {
                "tong so": "workforce_total",
                "tong": "workforce_total",
                "tong cong": "workforce_total",
                "so luong": "workforce_total",
                "nu": "workforce_women",
                "lao dong nu": "workforce_women",
                "trong do nu": "workforce_women",
            },
        ),
        (("so doan vien", "doan vien", "so dv"), {"*": IGNORE}),
        (
            ("loai hinh", "loai hinh don vi", "loai hinh doanh nghiep"),
            {s: f"employer_type={key}" for key, syns in EMPLOYER_CHOICES.items() for s in syns},
        ),
    ],
}

_BRACKETED = re.compile(r"\(([^()]*)\)|\[.*?\]")
_PUNCT = re.compile(r"[^\w]+")
# What a parenthesis may say that changes the column: "Lao động (nữ)" counts women.
_KEPT_IN_BRACKETS = frozenset({"nu", "nam"})


def _bracket(match: re.Match[str]) -> str:
    inside = " ".join(_PUNCT.sub(" ", match.group(1) or "").split())
    return f" {inside} " if inside in _KEPT_IN_BRACKETS else " "


def header_key(text: str) -> str:
    """The folded form headers are compared in; notes in brackets ("(*)", "(dd/mm/yyyy)",
    "(Nam/Nữ)", "(đánh x)") are left out, save a lone "(nữ)" or "(nam)"."""
    folded = fold(text.replace("\n", " "))
    folded = _BRACKETED.sub(_bracket, folded)
    return _PUNCT.sub(" ", folded).replace("_", " ").strip()


def _by_synonym(kind: str) -> dict[str, str]:
    return {syn: f.id for f in FIELDS[kind] for syn in f.synonyms}


# Words a header may hold beside a known phrase without changing what it names: "Ngày vào Công
# đoàn (dd/mm/yyyy)", "Số CCCD của đoàn viên", "Tên CĐCS (ghi đầy đủ)". Any other word makes it
# another column: "Ngày vào Đảng", "Số thẻ BHYT", "SĐT chủ tịch", "Họ và tên đệm".
QUALIFIERS = frozenset(
    [
        "cua",
        "doan",
        "vien",
        "dv",
        "cd",
        "cdcs",
        "dd",
        "mm",
        "yyyy",
        "yy",
        "nnnn",
        "ghi",
        "day",
        "du",
        "hien",
        "nay",
        "tai",
        "lien",
        "he",
        "nguoi",
        "ten",
    ]
)


def _qualifies(extra: list[str]) -> bool:
    return all(word in QUALIFIERS for word in extra)


def _match_key(kind: str, key: str) -> str | None:
    table = _by_synonym(kind)
    if key in table:
        return table[key]
    # The longest synonym of two words or more that the header holds as whole words, when the
    # rest of the header only qualifies it.
    words = key.split()
    best: tuple[int, str] | None = None
    for syn, field_id in table.items():
        if " " not in syn or (best is not None and len(syn) <= best[0]):
            continue
        size = len(syn.split())
        for start in range(len(words) - size + 1):
            if " ".join(words[start : start + size]) == syn:
                if _qualifies(words[:start] + words[start + size :]):
                    best = (len(syn), field_id)
                break
    return best[1] if best else None


def match_header(kind: str, group: str, child: str) -> str | None:
    """The field a column's header names, or None. `group` is empty under a one-row header."""
    group_key, child_key = header_key(group), header_key(child)
    if not child_key:
        return _match_key(kind, group_key) if group_key else None
    if group_key:
        combined = _match_key(kind, f"{group_key} {child_key}")
        if combined and _by_synonym(kind).get(f"{group_key} {child_key}"):
            return combined
        for groups, children in _GROUPS[kind]:
            if group_key in groups:
                if "*" in children:
                    return IGNORE
                if child_key in children:
                    return children[child_key]
    return _match_key(kind, child_key)


def is_group(kind: str, group: str) -> bool:
    """A group header office lists use over a two-row header ("Năm sinh", "Số lao động")."""
    key = header_key(group)
    return bool(key) and any(key in groups for groups, _children in _GROUPS[kind])


def field_label(kind: str, field_id: str) -> str:
    for f in FIELDS[kind]:
        if f.id == field_id:
            return f.label
    return field_id


def field_ids(kind: str) -> list[str]:
    return [f.id for f in FIELDS[kind] if f.id != STT]


def employer_type_of(text: str) -> str | None:
    key = header_key(text)
    for type_key, syns in EMPLOYER_CHOICES.items():
        if key in syns or key == type_key:
            return type_key
    return None
