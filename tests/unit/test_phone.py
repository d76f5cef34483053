"""Indonesian phone numbers typed or exported in any common form normalize to one E.164 text."""

import pytest

from survey.people.phone import InvalidPhone, normalize_phone
from survey.ports import DomainError


@pytest.mark.parametrize(
    "raw",
    [
        "081234567890",
        "0812-3456-7890",
        "0812.3456.7890",
        "0812 3456 7890",
        "(0812) 3456 7890",
        "6281234567890",
        "+6281234567890",
        "+62 812-3456-7890",
        "+62 (812) 3456-7890",
        "+62 (0)812-3456-7890",
        "  +62 812 3456 7890\u00a0",
        "6281234567890.0",
        "81234567890",
        "81234567890.0",
    ],
)
def test_every_accepted_form_of_one_mobile_number_normalizes_to_e164(raw):
    assert normalize_phone(raw) == "+6281234567890"


def test_landline_with_area_code_is_accepted():
    assert normalize_phone("(0526) 2021234") == "+625262021234"


def test_shortest_and_longest_national_numbers_are_accepted():
    assert normalize_phone("0526 21234") == "+6252621234"
    assert normalize_phone("0812 3456 78901") == "+62812345678901"


@pytest.mark.parametrize(
    ("raw", "hint"),
    [
        ("", "kosong"),
        ("   ", "kosong"),
        ("abc", "hanya boleh angka"),
        ("0812-3456-789O", "hanya boleh angka"),
        ("0812/3456/7890", "hanya boleh angka"),
        ("6.28123E+12", "hanya boleh angka"),
        ("+1 555 123 4567", "kode negara harus +62"),
        ("+44 20 7946 0958", "kode negara harus +62"),
        ("0812 345", "8–12 digit"),
        ("0812 3456 789012", "8–12 digit"),
        ("+62 812", "8–12 digit"),
        ("0012 3456 7890", "8–12 digit"),
        ("1234567890", "harus diawali 0, 62 atau +62"),
    ],
)
def test_rejected_form_raises_invalid_phone_with_indonesian_reason(raw, hint):
    with pytest.raises(InvalidPhone) as caught:
        normalize_phone(raw)

    message = str(caught.value)
    assert message.startswith(f"nomor telepon tidak valid: '{raw.strip()}'")
    assert hint in message


def test_invalid_phone_is_a_value_error_carrying_the_raw_text():
    with pytest.raises(ValueError) as caught:
        normalize_phone("abc")

    assert isinstance(caught.value, InvalidPhone)
    assert caught.value.raw == "abc"


def test_invalid_phone_is_a_domain_error_services_pass_on_with_its_reason():
    with pytest.raises(DomainError, match="nomor telepon tidak valid: 'abc'"):
        normalize_phone("abc")
