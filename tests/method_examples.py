"""Worked examples of IKM-METHOD.md §8, shared by the unit and command-line tests."""

#: Example A: the sum of answers per unsur over 29 respondents, every unsur answered by all.
EXAMPLE_A_SUMS = {
    "persyaratan": 105,
    "prosedur": 101,
    "waktu": 100,
    "biaya": 116,
    "produk": 102,
    "kompetensi": 105,
    "perilaku": 106,
    "sarana": 105,
    "pengaduan": 115,
}
EXAMPLE_A_RESPONDENTS = 29
