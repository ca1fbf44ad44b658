"""The rules of the manifest's fields (docs/bundle-format.md §5, §8, §9): each field's shape, then
what the bundle's type fixes (roles, record counts, the parts and their order).

Each check answers with the reason in Vietnamese, or None; `version_problem` comes first, since a
newer format may have other fields and deserves update advice rather than "damaged".
"""

from __future__ import annotations

from typing import Any

from desktop.sync.format import messages
from desktop.sync.format.crypto import key_id_of
from desktop.sync.format.envelope import FORMAT
from desktop.sync.format.fields import (
    ANNOUNCEMENT_FIELDS,
    count_problem,
    created_at_problem,
    fields_problem,
    hex_problem,
    is_count,
    party_problem,
    period_problem,
    text_problem,
    uuid_problem,
)
from desktop.sync.format.names import (
    BUNDLE_TYPES,
    HANDOVER,
    HANDOVER_PART,
    PACKAGE_PARTS,
    SUMMARY_PART,
    UNIT_STATE,
    record_part,
)
from desktop.sync.format.tables import SPECS

NEWER = "newer"  # not a reason: the manifest is of a newer format version
# The newest manifest format this release reads (§5): 2 adds a receipts package's `decisions`
# (§9) and a unit-state bundle's `answers`. A writer writes 1 unless it uses one of those, so a
# document without them keeps its bytes and an older reader still takes it.
LATEST_FORMAT_VERSION = 2

MANIFEST_FIELDS = (
    "format",
    "format_version",
    "schema_version",
    "bundle_type",
    "bundle_id",
    "unit",
    "addressee",
    "signing_key_id",
    "recipient_key_ids",
    "period",
    "sequence",
    "previous_manifest_sha256",
    "created_at",
    "app_version",
    "record_counts",
    "parts",
    "key_announcements",
)
PART_FIELDS = ("name", "size", "sha256")
# Fields a manifest may hold or leave out (§5): `previous_unit_codes`, the codes a unit had before
# its code changed (the 2025 reform), in a unit-state bundle only; `answers` (format 2), the ids
# of the province's decisions returning this month that the bundle answers.
OPTIONAL_MANIFEST_FIELDS = ("previous_unit_codes", "answers")
MAX_PREVIOUS_CODES = 16
MAX_ANSWERS = 16


def version_problem(data: dict[str, Any]) -> str | None:
    """Format first: a newer version may have other fields and deserves update advice
    (`NEWER`); anything else wrong here is a damaged manifest."""
    if data.get("format") != FORMAT:
        return messages.FIELD_VALUE.format(what="format", expected=FORMAT)
    version = data.get("format_version")
    if type(version) is not int or version < 1:
        return messages.FIELD_TYPE.format(what="format_version")
    return NEWER if version > LATEST_FORMAT_VERSION else None


def _field_problem(data: dict[str, Any]) -> str | None:
    """The first field of §5 that is not of its documented shape (each check may rely on the
    ones before it)."""
    return (
        text_problem(data["schema_version"], "schema_version")
        or _one_of(data["bundle_type"], BUNDLE_TYPES, "bundle_type")
        or uuid_problem(data["bundle_id"], "bundle_id")
        or party_problem(data["unit"], "unit")
        or party_problem(data["addressee"], "addressee")
        or hex_problem(data["signing_key_id"], 16, "signing_key_id")
        or _recipients_problem(data["recipient_key_ids"])
        or period_problem(data["period"], "period")
        or count_problem(data["sequence"], "sequence", 1)
        or _previous_problem(data["previous_manifest_sha256"], data["sequence"])
        or created_at_problem(data["created_at"], "created_at")
        or text_problem(data["app_version"], "app_version")
        or _counts_problem(data["record_counts"])
        or _parts_problem(data["parts"])
        or _announcements_problem(data["key_announcements"], data)
    )


def _one_of(value: Any, allowed: tuple[str, ...], what: str) -> str | None:
    if value in allowed:
        return None
    return messages.FIELD_VALUE.format(what=what, expected=", ".join(allowed))


def _recipients_problem(value: Any) -> str | None:
    if not isinstance(value, list) or not value:
        return messages.FIELD_VALUE.format(
            what="recipient_key_ids", expected=messages.EXPECT_KEY_LIST
        )
    for key_id in value:
        problem = hex_problem(key_id, 16, "recipient_key_ids")
        if problem:
            return problem
    if len(set(value)) != len(value):
        return messages.FIELD_VALUE.format(
            what="recipient_key_ids", expected=messages.EXPECT_DISTINCT_KEYS
        )
    return None


def _previous_problem(value: Any, sequence: int) -> str | None:
    if sequence == 1:  # the first of a chain follows nothing
        return (
            None
            if value == ""
            else messages.FIELD_VALUE.format(
                what="previous_manifest_sha256", expected=messages.EXPECT_NO_PREVIOUS
            )
        )
    return None if value == "" else hex_problem(value, 64, "previous_manifest_sha256")


def _counts_problem(value: Any) -> str | None:
    if not isinstance(value, dict):
        return messages.FIELD_NOT_OBJECT.format(what="record_counts")
    for table, count in value.items():
        problem = count_problem(count, f"record_counts.{table}")
        if problem:
            return problem
    return None


def _parts_problem(value: Any) -> str | None:
    if not isinstance(value, list):
        return messages.FIELD_VALUE.format(what="parts", expected=messages.EXPECT_PART_LIST)
    for part in value:
        problem = fields_problem(part, PART_FIELDS, "parts[]")
        if problem:
            return problem
        if type(part["name"]) is not str:
            return messages.FIELD_TYPE.format(what="parts[].name")
        problem = count_problem(part["size"], "parts[].size") or hex_problem(
            part["sha256"], 64, "parts[].sha256"
        )
        if problem:
            return problem
    names = [p["name"] for p in value]
    if len(set(names)) != len(names):
        return messages.PART_LISTED_TWICE
    return None


def _announcements_problem(value: Any, data: dict[str, Any]) -> str | None:
    if not isinstance(value, list):
        return messages.FIELD_VALUE.format(what="key_announcements", expected=messages.EXPECT_LIST)
    what = "key_announcements[]"
    for entry in value:
        problem = fields_problem(entry, (*ANNOUNCEMENT_FIELDS, "signature"), what)
        if problem:
            return problem
        for name, digits in KEY_HEX.items():
            problem = hex_problem(entry[name], digits, f"{what}.{name}")
            if problem:
                return problem
        if entry["unit_code"] != data["unit"]["code"]:
            return messages.FIELD_VALUE.format(
                what=f"{what}.unit_code", expected=messages.EXPECT_UNIT_CODE
            )
        if key_id_of(bytes.fromhex(entry["sign_public"])) != entry["key_id"]:
            return messages.FIELD_VALUE.format(
                what=f"{what}.key_id", expected=messages.EXPECT_KEY_ID
            )
        valid = entry["valid_from_sequence"]
        if not is_count(valid, 2) or valid > data["sequence"] + 1:
            return messages.FIELD_VALUE.format(
                what=f"{what}.valid_from_sequence", expected=messages.EXPECT_VALID_FROM
            )
    return None


KEY_HEX = {
    "key_id": 16,
    "sign_public": 64,
    "box_public": 64,
    "replaces_key_id": 16,
    "signature": 128,
}


def manifest_problem(data: dict[str, Any]) -> str | None:
    """The first field not of its documented shape, then what the bundle's type requires."""
    return (
        _field_problem(data)
        or _previous_codes_problem(data)
        or _answers_problem(data)
        or _layout_problem(data)
    )


def _answers_problem(data: dict[str, Any]) -> str | None:
    """`answers`, when present: format 2, a unit-state bundle, a non-empty list of at most
    MAX_ANSWERS distinct decision ids (`uuid`)."""
    if "answers" not in data:
        return None
    value, what = data["answers"], "answers"
    if data["bundle_type"] != UNIT_STATE or data["format_version"] < 2:
        return messages.FIELD_EXTRA.format(what="manifest", name=what)
    if not isinstance(value, list) or not 0 < len(value) <= MAX_ANSWERS:
        return messages.FIELD_VALUE.format(what=what, expected=messages.EXPECT_LIST)
    for decision_id in value:
        problem = uuid_problem(decision_id, what)
        if problem:
            return problem
    if len(set(value)) != len(value):
        return messages.FIELD_VALUE.format(what=what, expected=messages.EXPECT_LIST)
    return None


def _previous_codes_problem(data: dict[str, Any]) -> str | None:
    """`previous_unit_codes`, when present: a non-empty list of distinct non-empty codes other
    than `unit.code`, in a unit-state bundle."""
    if "previous_unit_codes" not in data:
        return None
    value, what = data["previous_unit_codes"], "previous_unit_codes"
    if data["bundle_type"] != UNIT_STATE:
        return messages.FIELD_EXTRA.format(what="manifest", name=what)
    if not isinstance(value, list) or not 0 < len(value) <= MAX_PREVIOUS_CODES:
        return messages.FIELD_VALUE.format(what=what, expected=messages.EXPECT_LIST)
    for code in value:
        problem = text_problem(code, what)
        if problem:
            return problem
        if len(code) > 32 or code == data["unit"]["code"]:
            return messages.FIELD_VALUE.format(what=what, expected=messages.EXPECT_LIST)
    if len(set(value)) != len(value):
        return messages.FIELD_VALUE.format(what=what, expected=messages.EXPECT_LIST)
    return None


def _layout_problem(data: dict[str, Any]) -> str | None:
    """What the bundle type fixes: roles, record counts, parts and their order (§5, §6, §9)."""
    kind, parts = data["bundle_type"], [p["name"] for p in data["parts"]]
    upward = kind in (UNIT_STATE, HANDOVER)
    sender, receiver = ("district", "province") if upward else ("province", "district")
    for side, role in (("unit", sender), ("addressee", receiver)):
        if data[side]["role"] != role:
            return messages.FIELD_VALUE.format(what=f"{side}.role", expected=f"«{role}»")
    if kind != UNIT_STATE:
        if data["record_counts"] != {}:
            return messages.FIELD_VALUE.format(
                what="record_counts", expected=messages.EXPECT_NO_COUNTS
            )
        if data["key_announcements"] != []:
            return messages.FIELD_VALUE.format(
                what="key_announcements", expected=messages.EXPECT_NO_ANNOUNCEMENTS
            )
        expected = [HANDOVER_PART if kind == HANDOVER else PACKAGE_PARTS[kind]]
    else:
        spec = SPECS.get(data["schema_version"])
        if spec is None:
            return None  # an unknown schema is refused as newer, once the sender is proven
        if set(data["record_counts"]) != set(spec):
            return messages.FIELD_VALUE.format(
                what="record_counts", expected=messages.EXPECT_COUNT_PER_TABLE
            )
        expected = [*(record_part(t) for t in spec), SUMMARY_PART]
    if parts != expected:
        return messages.PARTS_NOT_AS_DOCUMENTED.format(expected=", ".join(expected))
    return None
