"""The nine unsur of PermenPANRB 14/2017 by code, in the regulation's order (never by position)."""

STANDARD_ELEMENTS = (
    "persyaratan",
    "prosedur",
    "waktu",
    "biaya",
    "produk",
    "kompetensi",
    "perilaku",
    "pengaduan",
    "sarana",
)
