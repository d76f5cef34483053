"""Who publishes the results: a small value of its own, so the composition root can build it
without loading what publishing needs."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Institution:
    """Who publishes (settings `IKM_INSTITUTION_*`)."""

    name: str = "Sekretariat DPRD Kabupaten Balangan"
    address: str = ""
    logo: bytes | None = None
