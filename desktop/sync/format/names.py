"""What the members of a bundle are called and which bundle types exist (docs/bundle-format.md
§5, §6, §9): one place for the manifest, its checks and the writers."""

from __future__ import annotations

import re

MANIFEST, SIGNATURE = "manifest.json", "manifest.sig"
UNIT_STATE = "unit_state"
PACKAGE_TYPES = ("programme", "quotas", "receipts")
HANDOVER = "handover"  # an office's notice that its register passed to its successor (§12)
BUNDLE_TYPES = (UNIT_STATE, *PACKAGE_TYPES, HANDOVER)
HANDOVER_PART = "handover.json"
SUMMARY_PART = "summary.json"
HANDOVER_CODE = re.compile(r"[A-Za-z0-9_-]{1,32}")  # a successor's office code in a notice
HANDOVER_SETTING = "handover_notice"  # the closing office remembers its notice: one per office
PACKAGE_PARTS = {
    "programme": "programme.json",
    "quotas": "quotas.json",
    "receipts": "receipts.json",
}


def record_part(table: str) -> str:
    return f"records/{table}.json"
