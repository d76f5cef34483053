"""The bidang of the Sekretariat, as the decree names them, and what people write for them.

The decree (Keputusan Sekretaris DPRD Nomor 1 a Tahun 2023) names two bidang as penanggung
jawab: Persidangan dan Perundang-Undangan, and Fasilitasi (printed once as "Fasilitas")
Penganggaran dan Pengawasan. They are stored by their short key, which is what decides what a
kabid sees first; the full names are accepted synonyms. Other units (a Bagian Umum, say) are
added by the `IKM_BIDANG_LAIN` setting, so an unknown value is a typo, never a silent choice.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from survey.ports import DomainError


class Bidang(StrEnum):
    """The two bidang the decree names as penanggung jawab, by their stored key."""

    PERSIDANGAN = "persidangan"
    FASILITASI = "fasilitasi"


DECREE_BIDANG: dict[Bidang, tuple[str, ...]] = {
    Bidang.PERSIDANGAN: (
        "Persidangan dan Perundang-Undangan",
        "persidangan dan perundang undangan",
        "persidangan dan perundangan",
    ),
    Bidang.FASILITASI: (
        "Fasilitasi Penganggaran dan Pengawasan",
        "fasilitas penganggaran dan pengawasan",
        "fasilitas",
    ),
}


def _key(text: str) -> str:
    words = " ".join(text.casefold().split())
    return words.removeprefix("bidang ").strip()


def bidang_choices(extra: Iterable[str] = ()) -> str:
    """The accepted values, for an error message."""
    shown = [f"{key} ({names[0]})" for key, names in DECREE_BIDANG.items()]
    return ", ".join(shown + [_key(e) for e in extra if _key(e)])


def canonical_bidang(text: str, extra: Iterable[str] = ()) -> str:
    """The stored key of the bidang `text` names (any case, with or without "Bidang", the
    decree's full name); DomainError naming the accepted values otherwise."""
    wanted = _key(text)
    for key, names in DECREE_BIDANG.items():
        if wanted == key or wanted in (_key(n) for n in names):
            return key.value
    for other in extra:
        if wanted and wanted == _key(other):
            return wanted
    raise DomainError(
        f"bidang tidak dikenal: '{' '.join(text.split())}' (pilihan: {bidang_choices(extra)}; "
        "bidang lain ditambahkan lewat pengaturan IKM_BIDANG_LAIN)"
    )
