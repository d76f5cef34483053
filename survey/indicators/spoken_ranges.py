"""The range a plain question names: "bulan oktober", "tahun lalu", "semester II 2026", …

`read_range(text, today)` finds the one range a question speaks of, typos and informal forms
included ("oktobr", "bln lalu", "thn 2025", "tw 3", "1 jan s.d. 30 jun 2026"); None when it
names no time at all (the caller's default applies); `UnplacedRange` when it speaks of a time
it cannot place ("minggu lalu", "semester 3"), so the answer is a hint, never a wrong range.
A month, semester or quarter without a year is the latest one that has begun by `today`.
"""

from __future__ import annotations

import difflib
import re
from datetime import date

from survey.dates import MONTHS, parse_date
from survey.indicators.ranges import TWO_DATES, DateRange, parse_month
from survey.ports import DomainError

MONTH_WORDS = {name: i + 1 for i, name in enumerate(MONTHS)} | {
    "jan": 1, "feb": 2, "peb": 2, "pebruari": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7,
    "agu": 8, "agt": 8, "ags": 8, "agst": 8, "agus": 8, "sep": 9, "sept": 9, "okt": 10,
    "oct": 10, "nop": 11, "nov": 11, "nopember": 11, "des": 12, "dec": 12,
}  # fmt: skip
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
ORDINAL = {"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "pertama": 1, "kedua": 2, "ketiga": 3}
ORDINAL |= {"keempat": 4, "awal": 1, "akhir": 0}  # "akhir": the last part of the year
SHORT = {"bln": "bulan", "thn": "tahun", "th": "tahun", "smt": "semester", "sem": "semester"}
SHORT |= {"tw": "triwulan", "kuartal": "triwulan", "q": "triwulan"}
SHORT |= {"kmrn": "kemarin", "kemaren": "kemarin", "skrg": "sekarang", "sdh": "sudah"}
SHORT |= {"tgl": "tanggal", "s/d": "sd", "s.d.": "sd", "s.d": "sd", "sampai": "sd"}
SHORT |= {"hingga": "sd", "-": "sd", "–": "sd", "sampe": "sd"}
PAST = ("lalu", "kemarin", "sebelumnya", "lewat")
NOW = ("ini", "sekarang", "berjalan")
#: Words that speak of time: left over after reading, they make the question unplaceable.
TIME_WORDS = ("bulan", "tahun", "semester", "triwulan", "minggu", "pekan", "tanggal", "hari", "sd")
#: Loose numbers that speak of time: a year or a date (a bare "25" may count people).
TIME_NUMBER = re.compile(r"(19|20)\d\d|\d+[/.-]\d+([/.-]\d+)?")


class UnplacedRange(DomainError):
    """The question speaks of a time that cannot be placed; the message is the hint."""


def _month(word: str) -> int | None:
    if word in MONTH_WORDS:
        return MONTH_WORDS[word]
    if len(word) >= 5 and word.isalpha():
        close = difflib.get_close_matches(word, MONTHS, n=1, cutoff=0.75)
        if close:
            return MONTHS.index(close[0]) + 1
    return None


def _words(text: str) -> list[str]:
    raw = text.casefold().replace("?", " ").replace(",", " ")
    raw = re.sub(r"\b(s\s*/\s*d|s\.\s*d\.?)", " sd ", raw)
    raw = re.sub(r"(?<![\d/.-])(\d{1,2})\s*[-–]\s*(\d{1,2})(?![\d/.-])", r"\1 sd \2", raw)
    raw = re.sub(r"\b(q|tw)(?=[1-4]\b)", r"\1 ", raw)
    return [SHORT.get(w, w) for w in raw.replace("–", " – ").split()]


def _latest(parts: int, part: int, today: date) -> int:
    """The year of the latest part (of `parts` in a year) number `part` begun by today."""
    first_month = (part - 1) * (12 // parts) + 1
    return today.year if first_month <= today.month else today.year - 1


def _part_range(parts: int, part: int, year: int) -> DateRange:
    size = 12 // parts
    first = DateRange.month(year, (part - 1) * size + 1)
    last = DateRange.month(year, part * size)
    return DateRange(first.start, last.end)


class _Reader:
    """Reads the words once, marking those it used; what is left tells an unplaced time."""

    def __init__(self, words: list[str], today: date) -> None:
        self.words = words
        self.used = [False] * len(words)
        self.today = today

    def word(self, i: int) -> str:
        return self.words[i] if 0 <= i < len(self.words) else ""

    def use(self, *indexes: int) -> None:
        for i in indexes:
            self.used[i] = True

    def year_at(self, i: int) -> int | None:
        """A year at i ("2025", or "tahun 2025"), marked used."""
        if self.word(i) == "tahun" and re.fullmatch(r"20\d\d", self.word(i + 1)):
            self.use(i, i + 1)
            return int(self.word(i + 1))
        if re.fullmatch(r"20\d\d", self.word(i)):
            self.use(i)
            return int(self.word(i))
        return None

    def free(self) -> list[tuple[int, str]]:
        """The words not used yet, with their places."""
        return [(i, w) for i, w in enumerate(self.words) if not self.used[i]]

    def skip(self, pattern: str) -> None:
        """Mark as used every run of words matching `pattern` (a regex over words)."""
        for i in range(len(self.words)):
            for n in (3, 2, 1):
                if re.fullmatch(pattern, " ".join(self.words[i : i + n])):
                    self.use(*range(i, min(i + n, len(self.words))))

    def left_over(self) -> list[str]:
        return [w for w, used in zip(self.words, self.used, strict=True) if not used]


def _date_at(reader: _Reader, i: int) -> tuple[date | None, int | None, int]:
    """A date at i: (date or None without its year, its month, words taken); (None, None, 0)."""
    word = reader.word(i)
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", word):
        return _safe(int(m[1]), int(m[2]), int(m[3])), None, 1
    if m := re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", word):
        return _safe(int(m[3]), int(m[2]), int(m[1])), None, 1
    if re.fullmatch(r"\d{1,2}", word) and (month := _month(reader.word(i + 1))) is not None:
        if re.fullmatch(r"20\d\d", reader.word(i + 2)):
            return _safe(int(reader.word(i + 2)), month, int(word)), None, 3
        return None, month, 2
    return None, None, 0


def _safe(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise UnplacedRange(f"tanggal {day}-{month}-{year} tidak ada") from None


def _two_dates(reader: _Reader) -> DateRange | None:
    """`1 Januari 2026 sd 30 Juni 2026`, `1 jan sd 30 jun 2026`, `2026-01-01 sd 2026-06-30`,
    `1 sd 15 oktober 2026`."""
    for i, word in reader.free():
        if word != "sd":
            continue
        left = next((n for n in (3, 2, 1) if _date_at(reader, i - n)[2] == n), 0)
        if left == 0 and re.fullmatch(r"\d{1,2}", reader.word(i - 1)):
            left = 1  # "1 sd 15 oktober 2026": the day alone
        end, _, right = _date_at(reader, i + 1)
        if left == 0 or end is None:
            continue
        start, month, _ = _date_at(reader, i - left)
        if start is None:
            day = int(reader.word(i - left))
            start = _safe(end.year, month or end.month, day)
        reader.use(*range(i - left, i + 1 + right))
        if reader.word(i - left - 1) in ("dari", "tanggal", "antara"):
            reader.use(i - left - 1)
        return DateRange(start, end)
    return None


def _part(reader: _Reader, name: str, parts: int) -> DateRange | None:
    """`semester II 2026`, `triwulan 3`, `semester lalu`, `triwulan ini`."""
    for i, word in reader.free():
        if word != name:
            continue
        after = reader.word(i + 1)
        if after in NOW or after in PAST:
            current = (reader.today.month - 1) // (12 // parts) + 1
            year = reader.today.year
            if after in PAST:
                current, year = (current - 1, year) if current > 1 else (parts, year - 1)
            reader.use(i, i + 1)
            return _part_range(parts, current, year)
        number = ROMAN.get(after, ORDINAL.get(after))
        if number == 0:
            number = parts
        if number is None or number > parts:
            raise UnplacedRange(f"{name} '{after}' tidak dikenali (ada {name} 1–{parts})")
        reader.use(i, i + 1)
        given = reader.year_at(i + 2)
        return _part_range(parts, number, given or _latest(parts, number, reader.today))
    return None


def _named_month(reader: _Reader) -> DateRange | None:
    """`oktober`, `bulan oktober 2026`, `okt 2025`, `bulan 10`, `10/2026`, `2026-10`."""
    for i, word in reader.free():
        if m := re.fullmatch(r"(20\d\d)-(\d{1,2})|(\d{1,2})/(20\d\d)", word):
            year, month = (int(m[1]), int(m[2])) if m[1] else (int(m[4]), int(m[3]))
            if not 1 <= month <= 12:
                raise UnplacedRange(f"bulan '{word}' tidak dikenali")
            reader.use(i)
            return DateRange.month(year, month)
        named = _month(word)
        if named is None and reader.word(i - 1) == "bulan" and re.fullmatch(r"\d{1,2}", word):
            named = int(word) if 1 <= int(word) <= 12 else None
        if named is None:
            continue
        reader.use(i)
        if reader.word(i - 1) == "bulan":
            reader.use(i - 1)
        given = reader.year_at(i + 1)
        today = reader.today
        latest = today.year if named <= today.month else today.year - 1
        return DateRange.month(given or latest, named)
    return None


def _relative(reader: _Reader) -> DateRange | None:
    """`bulan ini`, `bulan lalu`, `tahun ini`, `tahun lalu`, `tahun 2025`, `2025`."""
    today = reader.today
    for i, word in reader.free():
        after = reader.word(i + 1)
        if word in ("bulan", "tahun") and (after in NOW or after in PAST):
            reader.use(i, i + 1)
            if word == "tahun":
                return DateRange.year(today.year - (after in PAST))
            this = DateRange.month(today.year, today.month)
            return this.previous_month() if after in PAST else this
        if (year := reader.year_at(i)) is not None:
            return DateRange.year(year)
    return None


HINT = (
    "rentang waktu '{words}' belum saya pahami; sebutkan misalnya: bulan ini, bulan lalu, "
    "Oktober 2026, tahun 2025, tahun lalu, semester I 2026, triwulan III, "
    "atau 1 Juli 2026 s.d. 30 September 2026"
)


def read_range(text: str, today: date) -> DateRange | None:
    """The range `text` speaks of; None when it names no time; UnplacedRange when it names a
    time it cannot place (the message is a hint with examples)."""
    reader = _Reader(_words(text), today)
    reader.skip(r"ik ?[1-3u]|hari ini|saat ini|sampai sekarang|sd (ini|sekarang|hari ini)")
    found = (
        _two_dates(reader)
        or _part(reader, "semester", 2)
        or _part(reader, "triwulan", 4)
        or _named_month(reader)
        or _relative(reader)
    )
    rest = reader.left_over()
    loose = [w for w in rest if w in TIME_WORDS or TIME_NUMBER.fullmatch(w)]
    if found is None and not loose:
        loose = [w for w in rest if w in PAST]
    if loose:
        raise UnplacedRange(HINT.format(words=" ".join(loose)))
    return found


def parse_range(text: str, today: date) -> DateRange:
    """What a person types after /indikator: nothing (the year to date), a year (`2026`), a month
    (`2026-10`, `Oktober 2026`), two dates (`2026-01-01 2026-06-30`, `… s.d. …`), or what a
    plain question may say (`bulan lalu`, `semester I 2026`, `triwulan III`)."""
    raw = " ".join(text.split())
    if not raw:
        return DateRange.year_to_date(today)
    if re.fullmatch(r"\d{4}", raw):
        return DateRange.year(int(raw))
    if (m := TWO_DATES.fullmatch(raw)) is not None:
        return DateRange(parse_date(m[1]), parse_date(m[2]))
    try:
        return parse_month(raw)
    except DomainError:  # the plain-question reader as a fallback
        spoken = read_range(raw, today)
        if spoken is None:
            raise
        return spoken
