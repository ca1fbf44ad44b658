"""First-run setup: the steps from "no database" to an office that works, without a terminal.

A Qt-free state machine (the idea of Electrum's wizard): the answers typed so far, the step shown,
the checks of each step in Vietnamese naming the field, which steps may be shown again, and
`apply()`, which creates the database through the same services as `uniondesk init`, `users add`
and `keys …`, all or nothing (desktop.services.setup_apply). The setup wizard on screen is a thin
front over it; a test walks it without a display.

Steps: start (the demo to look around, or this office) → office (level, kind, code, name) →
place (province of the 2025 list, the pre-2025 district where the office still has one, and the
letterhead's place name and parent body, filled in and changeable) → admin (the administrator
account) → keys (where the passphrase-locked backup goes) → card (a district only: the
province's key card now or later) → lists (import the unions and members right after) →
summary. Everything chosen here can be changed later in the office's settings and key screens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.errors import UserError
from desktop.models.enums import Role
from desktop.services import setup_messages as msg
from desktop.services.office_kinds import (
    CODE_PATTERN,
    KIND_LABELS,
    OTHER_UPPER_UNION,
    default_kind,
    kind_label,
    kind_problem,
)

if TYPE_CHECKING:
    from desktop.services.setup_apply import Report, SetupResult

DEMO, THIS_OFFICE = "demo", "office"
CARD_NOW, CARD_LATER = "now", "later"
CODE_RULE = re.compile(CODE_PATTERN)  # what init_office accepts: bundles and cards carry it
MAX_NAME = 200
ROLE_CHOICES: dict[str, str] = {
    Role.district.value: "Công đoàn cấp trên trực tiếp cơ sở",
    Role.province.value: "LĐLĐ tỉnh, thành phố",
}


class Step(StrEnum):
    START = "start"
    OFFICE = "office"
    PLACE = "place"
    ADMIN = "admin"
    KEYS = "keys"
    CARD = "card"
    LISTS = "lists"
    SUMMARY = "summary"


STEP_TITLES: dict[Step, str] = {
    Step.START: "Bắt đầu",
    Step.OFFICE: "Đơn vị",
    Step.PLACE: "Địa danh và cơ quan cấp trên",
    Step.ADMIN: "Tài khoản quản trị",
    Step.KEYS: "Khóa ký số và bản sao khóa",
    Step.CARD: "Thẻ khóa của LĐLĐ tỉnh",
    Step.LISTS: "Danh sách sẵn có",
    Step.SUMMARY: "Xem lại và tạo",
}


@dataclass
class Answers:
    """What the user has typed or chosen; plain values, checked by SetupFlow.problems."""

    purpose: str = ""
    role: str = Role.district.value
    kind: str = default_kind(Role.district.value)
    kind_name: str = ""
    code: str = ""
    name: str = ""
    province_code: str = ""  # the 2025 list
    district_code: str = ""  # the pre-2025 list, for an office still tied to an old district
    place_name: str = ""
    parent_body: str = ""
    admin_full_name: str = ""
    admin_name: str = ""
    admin_password: str = ""
    admin_password_again: str = ""
    key_secret: str = ""  # only where the PC has no OS keyring: locks the key file
    key_secret_again: str = ""
    backup_folder: str = ""
    backup_passphrase: str = ""
    backup_passphrase_again: str = ""
    card: str = ""  # CARD_NOW or CARD_LATER
    card_path: str = ""
    card_fingerprint: str = ""
    import_lists: bool = False


class SetupFlow:
    """One run of the setup towards the database file `target`. `keyring` says whether this PC
    keeps private keys in the OS keyring (else the key file needs a passphrase chosen here).
    Any thread may use it, one at a time."""

    def __init__(self, target: Path, *, keyring: bool = True) -> None:
        self.target = Path(target)
        self.keyring = keyring
        self.answers = Answers()
        self.step = Step.START
        self.furthest = 0  # index in steps() of the furthest step reached
        self.applied: SetupResult | None = None
        self._defaults = ("", "")  # the letterhead last filled in for the user

    # --- the way through ------------------------------------------------------------------

    def steps(self) -> list[Step]:
        """The steps of this setup: only the first for the demo; no card step for a province
        (it registers its offices' cards later, as they arrive)."""
        if self.answers.purpose == DEMO:
            return [Step.START]
        skipped = {Step.CARD} if self.answers.role == Role.province else set()
        return [step for step in Step if step not in skipped]

    def forward(self) -> list[str]:
        """Check the step shown; move to the next one when nothing is wrong. Returns the
        problems (empty when it moved, or at the last step)."""
        problems = self.problems(self.step)
        if problems:
            return problems
        order = self.steps()
        at = order.index(self.step)
        if at + 1 < len(order):
            self.step = order[at + 1]
            self.furthest = max(self.furthest, at + 1)
        return []

    def back(self) -> Step:
        """The step before the one shown (answers are kept)."""
        order = self.steps()
        at = order.index(self.step)
        if at > 0:
            self.step = order[at - 1]
        return self.step

    def may_revisit(self, step: Step) -> bool:
        """Any step reached so far may be shown again, until the database is created."""
        order = self.steps()
        return self.applied is None and step in order and order.index(step) <= self.furthest

    def go_to(self, step: Step) -> None:
        if not self.may_revisit(step):
            raise UserError(msg.STEP_NOT_OPEN.format(step=STEP_TITLES[step]))
        self.step = step

    @property
    def demo_chosen(self) -> bool:
        return self.answers.purpose == DEMO

    # --- answers that change others -------------------------------------------------------

    def choose_role(self, role: str) -> None:
        """A new level brings its default kind; a province has no district."""
        if role == self.answers.role:
            return
        self.answers.role = role
        self.answers.kind = default_kind(role) if role in ROLE_CHOICES else ""
        self.answers.kind_name = ""
        if role == Role.province:
            self.answers.district_code = ""
        self._refill_letterhead()

    def choose_place(self, province_code: str, district_code: str = "") -> None:
        """The province (2025 list) and perhaps an old district; the letterhead's place name and
        parent body follow, unless the user typed their own."""
        self.answers.province_code = province_code.strip()
        self.answers.district_code = district_code.strip()
        self._refill_letterhead()

    def letterhead_defaults(self) -> tuple[str, str]:
        """(place name, parent body) as `uniondesk init` fills them for this place and level;
        ('', '') before a known province is chosen."""
        from desktop.admin_units import district_of, province_2025
        from desktop.services.office import CONFEDERATION, letterhead_defaults, province_letterhead

        a = self.answers
        district = district_of(a.district_code) if a.district_code else None
        if district is not None and a.role != Role.province:
            return letterhead_defaults(district, "", "")
        province = province_2025(a.province_code) if a.province_code else None
        if province is None:
            return ("", "")
        place, parent = province_letterhead(province, "", "")
        return (place, CONFEDERATION) if a.role == Role.province else (place, parent)

    def _refill_letterhead(self) -> None:
        old_place, old_parent = self._defaults
        place, parent = self.letterhead_defaults()
        if self.answers.place_name.strip() in ("", old_place):
            self.answers.place_name = place
        if self.answers.parent_body.strip() in ("", old_parent):
            self.answers.parent_body = parent
        self._defaults = (place, parent)

    def backup_path(self) -> Path:
        """The key backup's file in the chosen folder: `sao-luu-khoa-ldld-batri.ukb`."""
        from desktop.services.keys import backup_file_name

        return Path(self.answers.backup_folder.strip()) / backup_file_name(self.answers.code)

    # --- checks ---------------------------------------------------------------------------

    def problems(self, step: Step) -> list[str]:
        """What is wrong in `step`'s answers, each naming its field; empty when it may go on."""
        from desktop.services import setup_checks as checks

        a = self.answers
        if step == Step.START:
            return [] if a.purpose in (DEMO, THIS_OFFICE) else [msg.PURPOSE_MISSING]
        if step == Step.OFFICE:
            return self._office_problems()
        if step == Step.PLACE:
            return checks.place_problems(a)
        if step == Step.ADMIN:
            return checks.admin_problems(a)
        if step == Step.KEYS:
            return checks.key_problems(a, self.keyring, self.backup_path())
        if step == Step.CARD:
            return checks.card_problems(a) if a.role != Role.province else []
        return []

    def _office_problems(self) -> list[str]:
        a = self.answers
        if a.role not in ROLE_CHOICES:
            return [msg.ROLE_UNKNOWN]
        problems: list[str] = []
        code = a.code.strip()
        if not code:
            problems.append(msg.CODE_MISSING)
        elif not CODE_RULE.fullmatch(code):
            problems.append(msg.CODE_BAD.format(code=code))
        name = a.name.strip()
        if not name:
            problems.append(msg.NAME_MISSING)
        elif len(name) > MAX_NAME:
            problems.append(msg.NAME_TOO_LONG.format(count=MAX_NAME))
        if a.kind == OTHER_UPPER_UNION and not a.kind_name.strip():
            problems.append(msg.KIND_NAME_MISSING)
        else:
            kind = kind_problem(a.role, a.kind, a.kind_name if a.kind == OTHER_UPPER_UNION else "")
            if kind:
                problems.append(kind)
        return problems

    def all_problems(self) -> list[str]:
        return [problem for step in self.steps() for problem in self.problems(step)]

    # --- what will be created ---------------------------------------------------------------

    def summary(self) -> list[tuple[str, str]]:
        """(what, value) lines the summary page lists: what `apply` will create."""
        from desktop.admin_units import district_of, province_2025

        a = self.answers
        province = province_2025(a.province_code) if a.province_code else None
        district = district_of(a.district_code) if a.district_code else None
        kind = kind_label(a.kind, a.kind_name) if a.kind in KIND_LABELS else a.kind
        lines = [
            ("Cơ sở dữ liệu", str(self.target)),
            ("Cấp đơn vị", ROLE_CHOICES.get(a.role, a.role)),
            ("Loại đơn vị", kind),
            ("Mã đơn vị", a.code.strip()),
            ("Tên đơn vị", a.name.strip()),
            ("Tỉnh, thành phố", province.name if province else ""),
        ]
        if district is not None:
            from desktop.services.setup_places import district_label

            lines.append(("Huyện cũ", district_label(district)))
        lines += [
            ("Địa danh trên văn bản", a.place_name.strip()),
            ("Cơ quan cấp trên", a.parent_body.strip()),
            ("Tài khoản quản trị", f"{a.admin_name.strip().lower()} – {a.admin_full_name.strip()}"),
            (
                "Khóa ký số",
                "tạo mới, cất trong kho khóa của hệ điều hành"
                if self.keyring
                else "tạo mới, cất trong tệp khóa có mật khẩu",
            ),
            ("Bản sao khóa", str(self.backup_path())),
        ]
        if a.role != Role.province:
            lines.append(
                (
                    "Thẻ khóa của LĐLĐ tỉnh",
                    f"nhận ngay từ {a.card_path.strip()}"
                    if a.card == CARD_NOW
                    else "để sau (nhận ở màn hình Đồng bộ)",
                )
            )
        lines.append(
            (
                "Danh sách sẵn có",
                "nhập ngay: công đoàn cơ sở, rồi đoàn viên" if a.import_lists else "để sau",
            )
        )
        return lines

    def apply(self, report: Report | None = None) -> SetupResult:
        """Create the database with everything chosen (desktop.services.setup_apply); all or
        nothing. `report(fraction, text)` hears each part; it may raise Cancelled to stop."""
        from desktop.services.setup_apply import apply_setup

        problems = self.all_problems()
        if problems:
            raise UserError(msg.NOT_READY.format(problems=" ".join(problems)))
        result = apply_setup(self.target, self.answers, self.backup_path(), report=report)
        self.applied = result
        return result
