"""The outbox port for several channels: each message goes where its person is bound."""

from __future__ import annotations

from collections.abc import Mapping

from bot.chat import texts
from scheduler.outbox import Queued
from scheduler.sender import Channel, Undeliverable
from survey.people.accounts import AccountService


class ChannelRouter:
    """Delivers on the first channel, in the given order, that the person has bound an account
    on; when that channel cannot deliver at all (blocked, refused), the next bound one tries.
    A temporary failure (TryLater) is not passed on: the same channel retries it later."""

    def __init__(self, accounts: AccountService, channels: Mapping[str, Channel]) -> None:
        self.accounts = accounts
        self.channels = dict(channels)

    async def deliver(self, message: Queued) -> str:
        """Send through the person's channel; returns the form that channel used."""
        reasons = []
        for name, channel in self.channels.items():
            if await self.accounts.external_id(name, message.person_id) is None:
                continue
            try:
                return await channel.deliver(message)
            except Undeliverable as exc:
                reasons.append(f"{name}: {exc}")
        if not reasons:
            raise Undeliverable(
                texts.UNDELIVERABLE_NOT_BOUND.format(channels=" atau ".join(self.channels))
            )
        raise Undeliverable("; ".join(reasons))
