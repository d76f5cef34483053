"""Binding chat accounts: own contact on the roster, single-use invites, one account per person."""

from __future__ import annotations

from datetime import timedelta

import pytest

from survey.people.accounts import NotOnRoster
from survey.people.model import Role
from survey.people.phone import InvalidPhone
from survey.ports import DomainError
from tests.integration.helpers import members, row


async def test_bind_by_phone_in_any_form_and_again_is_harmless(services):
    (person, *_) = await members(services, 1)
    bound = await services.accounts.bind_phone("telegram", "111", "0812 0000 0000")
    assert bound.id == person.id
    assert (
        await services.accounts.bind_phone("telegram", "111", "+6281200000000")
    ).id == person.id
    assert (await services.accounts.person_for("telegram", "111")).id == person.id


async def test_number_not_on_roster_binds_nothing(services):
    await members(services, 1)
    with pytest.raises(DomainError, match="tidak terdaftar"):
        await services.accounts.bind_phone("telegram", "222", "+1 555 0100")
    assert await services.accounts.person_for("telegram", "222") is None


@pytest.mark.parametrize("phone", ["+1 555 0100", "0813 9999 9999", "bukan nomor"])
async def test_a_stranger_is_told_apart_by_type_not_by_wording(services, phone):
    await members(services, 1)
    with pytest.raises(NotOnRoster):
        await services.accounts.bind_phone("telegram", "222", phone)


async def test_a_deactivated_person_binds_as_a_stranger(services):
    (person, *_) = await members(services, 1)
    await services.roster.set_active(person.phone, False)
    with pytest.raises(NotOnRoster):
        await services.accounts.bind_phone("telegram", "222", person.phone)


async def test_a_bad_phone_for_an_invite_or_a_release_is_refused_with_its_reason(services):
    await members(services, 1)
    with pytest.raises(InvalidPhone, match="nomor telepon tidak valid: 'abc'"):
        await services.accounts.create_invite("abc")
    with pytest.raises(InvalidPhone, match=r"harus diawali 0, 62 atau \+62"):
        await services.accounts.unbind("telegram", "1234567890")
    with pytest.raises(InvalidPhone):
        await services.roster.set_active("abc", False)


async def test_one_account_per_person_and_one_person_per_account(services):
    first, second = await members(services, 2)
    await services.accounts.bind_phone("telegram", "111", first.phone)
    with pytest.raises(DomainError, match="sudah terhubung dengan akun lain"):
        await services.accounts.bind_phone("telegram", "999", first.phone)
    with pytest.raises(DomainError, match="sudah terhubung dengan orang lain"):
        await services.accounts.bind_phone("telegram", "111", second.phone)
    assert await services.accounts.unbind("telegram", first.phone) == 1
    assert (await services.accounts.bind_phone("telegram", "999", first.phone)).id == first.id


async def test_invite_is_single_use(services):
    (person, *_) = await members(services, 1)
    token, invited = await services.accounts.create_invite(person.phone)
    assert invited.id == person.id and len(token) >= 24
    assert (await services.accounts.redeem_invite("telegram", "111", token)).id == person.id
    with pytest.raises(DomainError, match="tidak berlaku"):
        await services.accounts.redeem_invite("telegram", "333", token)


async def test_invite_expires_after_seven_days(services, clock):
    (person, *_) = await members(services, 1)
    token, _ = await services.accounts.create_invite(person.phone)
    clock.now += timedelta(days=7, seconds=1)
    with pytest.raises(DomainError, match="kedaluwarsa"):
        await services.accounts.redeem_invite("telegram", "111", token)
    assert await services.accounts.person_for("telegram", "111") is None


async def test_forged_invite_and_deactivated_person(services):
    await services.roster.import_rows(
        [row(2, "Kabid", "+6281300000001", Role.KABID, "persidangan")], dry_run=False
    )
    with pytest.raises(DomainError):
        await services.accounts.redeem_invite("telegram", "111", "forged-token")
    token, _ = await services.accounts.create_invite("+6281300000001")
    await services.roster.set_active("+6281300000001", False)
    with pytest.raises(DomainError):
        await services.accounts.redeem_invite("telegram", "111", token)


async def test_releasing_on_a_channel_nobody_binds_on_is_refused(services):
    (person, *_) = await members(services, 1)
    await services.accounts.bind_phone("telegram", "111", person.phone)
    with pytest.raises(
        DomainError, match="kanal 'sms' tidak dikenal; pilih telegram atau whatsapp"
    ):
        await services.accounts.unbind("sms", person.phone)
    assert await services.accounts.unbind("Telegram", person.phone) == 1
