"""Indonesian phone numbers, normalized to E.164 (`+62…`) whatever form they were typed in."""

from __future__ import annotations

import re

from survey.ports import DomainError

COUNTRY_CODE = "62"
# The national significant number (NSN) is what follows +62. Mobile numbers (08xx-xxxx-xxxx)
# have 9-12 digits after the leading 0; landlines (area code + subscriber, e.g. 0526 2021234)
# have 8-10. One bound covers both: 8-12 digits, never starting with 0 or 1.
NSN_MIN_DIGITS = 8
NSN_MAX_DIGITS = 12

_SEPARATORS = re.compile(r"[\s.\-()]+")
_EXCEL_FLOAT = re.compile(r"\d+\.0")  # str() of a whole float, as pandas or a CSV export writes it
_COMPACT = re.compile(r"(\+?)(\d+)")
_NSN = re.compile(rf"[2-9]\d{{{NSN_MIN_DIGITS - 1},{NSN_MAX_DIGITS - 1}}}")


class InvalidPhone(DomainError, ValueError):
    """A text that is not an Indonesian phone number; str() is an Indonesian message, shown
    as is wherever a phone is typed (a DomainError, so services let it through)."""

    def __init__(self, raw: str, hint: str = "") -> None:
        self.raw = raw
        self.hint = hint
        message = f"nomor telepon tidak valid: '{raw}'"
        super().__init__(f"{message} ({hint})" if hint else message)


def normalize_phone(raw: str) -> str:
    """Return `raw` as `+62` followed by the national significant number.

    Accepts `0812-3456-7890`, `62812…`, `+62 (812) 3456 7890`, dots, spaces and parentheses,
    `+62 (0)812…`, a number Excel stored as a float (`6281234567890.0`) and a mobile number
    whose leading 0 Excel dropped (`81234567890`). Raises InvalidPhone otherwise.
    """
    text = raw.strip()
    if not text:
        raise InvalidPhone(text, "kosong")
    if _EXCEL_FLOAT.fullmatch(text):
        text = text.split(".", 1)[0]
    match = _COMPACT.fullmatch(_SEPARATORS.sub("", text))
    if match is None:
        raise InvalidPhone(text, "hanya boleh angka, spasi, titik, tanda hubung, kurung dan +")
    plus, digits = match.groups()
    nsn = _national_number(text, plus == "+", digits)
    if not _NSN.fullmatch(nsn):
        hint = f"harus {NSN_MIN_DIGITS}–{NSN_MAX_DIGITS} digit setelah 0 atau +62"
        raise InvalidPhone(text, hint)
    return f"+{COUNTRY_CODE}{nsn}"


def _national_number(text: str, international: bool, digits: str) -> str:
    """Strip the country code or trunk prefix 0 from `digits`."""
    if digits.startswith(COUNTRY_CODE):
        # "+62 (0)812…" repeats the trunk 0; an NSN never starts with 0, so drop it
        return digits[len(COUNTRY_CODE) :].removeprefix("0")
    if international:
        raise InvalidPhone(text, "bukan nomor Indonesia, kode negara harus +62")
    if digits.startswith("0"):
        return digits[1:]
    if digits.startswith("8"):
        return digits  # a mobile number that lost its leading 0 in a spreadsheet
    raise InvalidPhone(text, "harus diawali 0, 62 atau +62")
