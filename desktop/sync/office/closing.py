"""(Office) an office that wrote its handover notice exports no more bundles."""

from __future__ import annotations

import json
from typing import Any

from desktop.models import Setting
from desktop.sync.format.names import HANDOVER_SETTING as SETTING

CLOSED_HERE = (
    "Sổ của đơn vị này đã bàn giao cho {code} ngày {day} (thông báo số {sequence}, tệp {file}): "
    "LĐLĐ tỉnh không nhận thêm gói của đơn vị này. Dữ liệu các CĐCS nay do {code} gửi."
)


def closed_here(session: Any) -> str | None:
    """(Office) why this office may no longer export a bundle: it wrote its handover notice."""
    earlier = session.get(Setting, SETTING)
    return CLOSED_HERE.format(**json.loads(earlier.value)) if earlier is not None else None
