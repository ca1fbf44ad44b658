"""The pages of the setup wizard: each shows one step of desktop.services.setup_flow, writes what
is typed into the flow's answers and shows the flow's problems under its fields. Call everything
from the GUI thread."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWizardPage,
)

from desktop.models.enums import Role
from desktop.services.office_kinds import KIND_LABELS, OTHER_UPPER_UNION, kinds_for
from desktop.services.setup_flow import (
    DEMO,
    ROLE_CHOICES,
    STEP_TITLES,
    THIS_OFFICE,
    SetupFlow,
    Step,
)
from desktop.ui.combos import add_items, chosen, select

if TYPE_CHECKING:
    from desktop.ui.setup_wizard import SetupWizard

RED = "#b3261e"
NO_DISTRICT = "— Không gắn với huyện cũ —"
LATER_NOTE = "Mọi thông tin ở đây đều sửa được sau (Tệp → Thông tin đơn vị; Đồng bộ → Khóa ký số)."


def line_edit(name: str, *, secret: bool = False, hint: str = "") -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    if secret:
        field.setEchoMode(QLineEdit.EchoMode.Password)
    if hint:
        field.setPlaceholderText(hint)
    return field


def note_label(text: str, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


class StepPage(QWizardPage):
    """One step: its fields in `form`, the flow's problems in `problems` below them."""

    step: Step

    def __init__(self, wizard: SetupWizard, intro: str) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.flow: SetupFlow = wizard.flow
        self.setObjectName(f"setupPage_{self.step.value}")
        self.setTitle(STEP_TITLES[self.step])
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(note_label(intro))
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.problems = note_label("", "setupProblems")
        self.problems.setStyleSheet(f"color: {RED}")
        self.problems.setVisible(False)

    def finish_layout(self) -> None:
        self.layout_.addStretch(1)
        self.layout_.addWidget(self.problems)

    def store(self) -> None:
        """Put the page's fields into the flow's answers."""

    def show_answers(self) -> None:
        """Fill the page's fields from the flow's answers."""

    def initializePage(self) -> None:
        self.show_answers()
        self.show_problems([])

    def show_problems(self, problems: list[str]) -> None:
        self.problems.setText("\n".join(f"• {p}" for p in problems))
        self.problems.setVisible(bool(problems))

    def validatePage(self) -> bool:
        self.store()
        problems = self.flow.forward()
        self.show_problems(problems)
        return not problems

    def nextId(self) -> int:
        return self.wizard_.id_after(self.step)


class StartPage(StepPage):
    step = Step.START

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(
            wizard,
            "Chưa có cơ sở dữ liệu của đơn vị trên máy này. Có thể mở huyện mẫu để xem thử "
            "chương trình trước, hoặc thiết lập ngay cho đơn vị mình.",
        )
        self.demo = QRadioButton("Xem thử huyện mẫu (dữ liệu tạo sẵn, không phải của đơn vị)")
        self.demo.setObjectName("setupDemo")
        self.office = QRadioButton("Thiết lập đơn vị này")
        self.office.setObjectName("setupThisOffice")
        group = QButtonGroup(self)
        for button in (self.demo, self.office):
            group.addButton(button)
            self.layout_.addWidget(button)
            button.toggled.connect(self._chose)
        self.layout_.addWidget(note_label(LATER_NOTE))
        self.finish_layout()

    def _chose(self) -> None:
        self.store()
        self.wizard_.purpose_changed()

    def store(self) -> None:
        a = self.flow.answers
        a.purpose = (
            DEMO if self.demo.isChecked() else THIS_OFFICE if self.office.isChecked() else ""
        )

    def show_answers(self) -> None:
        self.demo.setChecked(self.flow.answers.purpose == DEMO)
        self.office.setChecked(self.flow.answers.purpose == THIS_OFFICE)

    def validatePage(self) -> bool:
        ok = super().validatePage()
        if ok and self.flow.demo_chosen:
            self.wizard_.choice = DEMO
        return ok


class OfficePage(StepPage):
    step = Step.OFFICE

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard, "Đơn vị dùng chương trình này: cấp, loại, mã và tên.")
        self.role = add_items(QComboBox(), [(label, r) for r, label in ROLE_CHOICES.items()])
        self.role.setObjectName("setupRole")
        self.kind = QComboBox()
        self.kind.setObjectName("setupKind")
        self.kind_name = line_edit("setupKindName", hint="ví dụ: Công đoàn Viên chức tỉnh")
        self.kind_name_label = QLabel("Tên loại do tỉnh quy định:")
        self.code = line_edit("setupCode", hint="ví dụ: LDLD-BATRI")
        self.name = line_edit("setupName", hint="ví dụ: Liên đoàn Lao động huyện Ba Tri")
        self.form.addRow("Cấp đơn vị:", self.role)
        self.form.addRow("Loại đơn vị:", self.kind)
        self.form.addRow(self.kind_name_label, self.kind_name)
        self.form.addRow("Mã đơn vị:", self.code)
        self.form.addRow("Tên đơn vị:", self.name)
        self.layout_.addWidget(
            note_label(
                "Mã đơn vị là mã LĐLĐ tỉnh dùng để nhận gói dữ liệu của đơn vị: hỏi tỉnh nếu "
                "chưa rõ. Chỉ gồm chữ không dấu, chữ số, «-», «_» hoặc «.»."
            )
        )
        self.finish_layout()
        self.role.currentIndexChanged.connect(self._role_changed)
        self.kind.currentIndexChanged.connect(self._kind_changed)

    def _fill_kinds(self) -> None:
        self.kind.blockSignals(True)
        self.kind.clear()
        add_items(self.kind, [(KIND_LABELS[k], k) for k in kinds_for(self.flow.answers.role)])
        select(self.kind, self.flow.answers.kind)
        self.kind.blockSignals(False)
        self._kind_changed()

    def _role_changed(self) -> None:
        self.flow.choose_role(str(chosen(self.role)))
        self._fill_kinds()
        self.wizard_.steps_changed()

    def _kind_changed(self) -> None:
        other = chosen(self.kind) == OTHER_UPPER_UNION
        self.kind_name.setVisible(other)
        self.kind_name_label.setVisible(other)

    def store(self) -> None:
        a = self.flow.answers
        a.kind = str(chosen(self.kind) or "")
        a.kind_name = self.kind_name.text() if a.kind == OTHER_UPPER_UNION else ""
        a.code, a.name = self.code.text(), self.name.text()

    def show_answers(self) -> None:
        a = self.flow.answers
        self.role.blockSignals(True)
        select(self.role, a.role)
        self.role.blockSignals(False)
        self._fill_kinds()
        self.kind_name.setText(a.kind_name)
        self.code.setText(a.code)
        self.name.setText(a.name)


class PlacePage(StepPage):
    step = Step.PLACE

    def __init__(self, wizard: SetupWizard) -> None:
        from desktop.services.setup_places import province_choices

        super().__init__(
            wizard,
            "Tỉnh, thành phố theo danh mục từ 01/7/2025. Đơn vị còn gắn với một huyện cũ thì "
            "chọn thêm huyện (danh mục trước 01/7/2025). Địa danh và cơ quan cấp trên in ở đầu "
            "mọi văn bản: điền sẵn theo nơi đã chọn, sửa được.",
        )
        self.province = add_items(
            QComboBox(),
            [("— Chọn tỉnh, thành phố —", None)] + [(p.name, p.code) for p in province_choices()],
        )
        self.province.setObjectName("setupProvince")
        self.district = QComboBox()
        self.district.setObjectName("setupDistrict")
        self.district_label = QLabel("Huyện cũ (nếu có):")
        self.place = line_edit("setupPlaceName", hint="ví dụ: Ba Tri")
        self.parent_body = line_edit("setupParentBody", hint="ví dụ: LĐLĐ tỉnh Vĩnh Long")
        self.form.addRow("Tỉnh, thành phố:", self.province)
        self.form.addRow(self.district_label, self.district)
        self.form.addRow("Địa danh ghi trên văn bản:", self.place)
        self.form.addRow("Cơ quan cấp trên:", self.parent_body)
        self.finish_layout()
        self.province.currentIndexChanged.connect(self._province_changed)
        self.district.currentIndexChanged.connect(self._place_changed)

    def _fill_districts(self) -> None:
        from desktop.services.setup_places import district_choices, district_label

        self.district.blockSignals(True)
        self.district.clear()
        code = str(chosen(self.province) or "")
        add_items(
            self.district,
            [(NO_DISTRICT, None)] + [(district_label(d), d.code) for d in district_choices(code)],
        )
        select(self.district, self.flow.answers.district_code or None)
        self.district.blockSignals(False)

    def _province_changed(self) -> None:
        self.flow.answers.district_code = ""
        self._fill_districts()
        self._place_changed()

    def _place_changed(self) -> None:
        self._store_letterhead()
        self.flow.choose_place(str(chosen(self.province) or ""), str(chosen(self.district) or ""))
        self.place.setText(self.flow.answers.place_name)
        self.parent_body.setText(self.flow.answers.parent_body)

    def _store_letterhead(self) -> None:
        self.flow.answers.place_name = self.place.text()
        self.flow.answers.parent_body = self.parent_body.text()

    def store(self) -> None:
        self._store_letterhead()
        a = self.flow.answers
        a.province_code = str(chosen(self.province) or "")
        a.district_code = str(chosen(self.district) or "") if a.role != Role.province else ""

    def show_answers(self) -> None:
        a = self.flow.answers
        self.province.blockSignals(True)
        select(self.province, a.province_code or None)
        self.province.blockSignals(False)
        self._fill_districts()
        district = a.role != Role.province
        self.district.setVisible(district)
        self.district_label.setVisible(district)
        self.place.setText(a.place_name)
        self.parent_body.setText(a.parent_body)


class AdminPage(StepPage):
    step = Step.ADMIN

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(
            wizard,
            "Người quản trị đăng nhập bằng tài khoản này, rồi thêm tài khoản cho cán bộ khác "
            "(Tệp → Tài khoản người dùng). Từ nay mở chương trình cần tên và mật khẩu.",
        )
        self.full_name = line_edit("setupAdminFullName", hint="ví dụ: Nguyễn Thị Lan")
        self.name = line_edit("setupAdminName", hint="ví dụ: lan.nguyen")
        self.password = line_edit("setupAdminPassword", secret=True)
        self.again = line_edit("setupAdminPasswordAgain", secret=True)
        self.form.addRow("Họ và tên:", self.full_name)
        self.form.addRow("Tên đăng nhập:", self.name)
        self.form.addRow("Mật khẩu (ít nhất 8 ký tự):", self.password)
        self.form.addRow("Nhập lại mật khẩu:", self.again)
        self.finish_layout()

    def store(self) -> None:
        a = self.flow.answers
        a.admin_full_name, a.admin_name = self.full_name.text(), self.name.text()
        a.admin_password, a.admin_password_again = self.password.text(), self.again.text()

    def show_answers(self) -> None:
        a = self.flow.answers
        self.full_name.setText(a.admin_full_name)
        self.name.setText(a.admin_name)
        self.password.setText(a.admin_password)
        self.again.setText(a.admin_password_again)
