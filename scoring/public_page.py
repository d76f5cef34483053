"""The public static page of the IKM results: one HTML file and its stylesheet, no script, no
external request; readable on a phone, printable. Data in, text out (every value escaped)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from scoring.infographic import Infographic, number

METHOD = (
    "Indeks Kepuasan Masyarakat (IKM) dihitung menurut Peraturan Menteri PANRB Nomor 14 Tahun "
    "2017: setiap unsur dinilai 1–4 oleh anggota DPRD; nilai rata-rata tiap unsur (NRR) "
    "dirata-ratakan dengan bobot sama menjadi nilai indeks, lalu dikalikan 25 menjadi IKM "
    "(25–100) dengan mutu A (Sangat Baik) sampai D (Tidak Baik). Hanya jawaban yang sudah "
    "dirilis dalam kelompok sehingga tidak dapat ditelusuri ke orangnya yang dihitung; saran "
    "pribadi tidak diterbitkan."
)


@dataclass(frozen=True)
class PageHistory:
    """A row of the history table."""

    period: str
    score: str
    grade: str
    label: str
    respondents: int


@dataclass(frozen=True)
class PageAction:
    """A row of the follow-up table."""

    period: str
    text: str
    status: str


def render_page(
    latest: Infographic,
    history: Sequence[PageHistory],
    actions: Sequence[PageAction],
    *,
    has_logo: bool,
) -> str:
    """index.html: the latest period, per-unsur results, follow-up, history, method, date."""
    e = escape
    logo = (
        f'<img class="logo" src="logo.png" alt="Logo {e(latest.institution)}">' if has_logo else ""
    )
    address = f'<p class="address">{e(latest.address)}</p>' if latest.address else ""
    bars = "\n".join(_bar(el.name, el.nrr and number(el.nrr), el.nrr) for el in latest.elements)
    rows = "\n".join(
        f"<tr><td>{e(h.period)}</td><td>{e(h.score)}</td><td>{e(h.grade)} ({e(h.label)})</td>"
        f"<td>{h.respondents}</td></tr>"
        for h in history
    )
    follow = (
        "\n".join(
            f"<tr><td>{e(a.period)}</td><td>{e(a.text)}</td><td>{e(a.status)}</td></tr>"
            for a in actions
        )
        or '<tr><td colspan="3">Belum ada tindak lanjut tercatat.</td></tr>'
    )
    return f"""<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hasil Survei Kepuasan Masyarakat — {e(latest.institution)}</title>
<link rel="stylesheet" href="style.css">
</head>
<body>
<header>{logo}<div><p class="institution">{e(latest.institution)}</p>{address}
<h1>Hasil Survei Kepuasan Masyarakat</h1></div></header>
<main>
<section aria-labelledby="latest">
<h2 id="latest">Periode {e(latest.period)}</h2>
<p class="score"><span id="ikm">IKM {e(number(latest.score))}</span>
<span id="mutu" class="grade grade-{e(latest.grade)}">
Mutu {e(latest.grade)} · {e(latest.label)}</span></p>
<p>Nilai indeks {e(number(latest.ikm))} (skala 1–4); responden {latest.respondents} dari
{latest.population} anggota DPRD.</p>
<h3>Nilai rata-rata per unsur (NRR, skala 1–4)</h3>
<ul class="bars">
{bars}
</ul>
<figure><img src="infografis-a4.png" width="1240" height="1754"
alt="{e(_alt(latest))}">
<figcaption>Infografis (A4); versi persegi:
<a href="infografis-persegi.png">infografis-persegi.png</a>.</figcaption></figure>
</section>
<section aria-labelledby="followup">
<h2 id="followup">Tindak lanjut</h2>
<table><thead><tr><th scope="col">Periode</th><th scope="col">Tindakan</th>
<th scope="col">Status</th></tr></thead>
<tbody>
{follow}
</tbody></table>
</section>
<section aria-labelledby="history">
<h2 id="history">Riwayat</h2>
<table><thead><tr><th scope="col">Periode</th><th scope="col">IKM</th>
<th scope="col">Mutu</th><th scope="col">Responden</th></tr></thead>
<tbody>
{rows}
</tbody></table>
</section>
<section aria-labelledby="method">
<h2 id="method">Metode</h2>
<p>{e(METHOD)}</p>
</section>
</main>
<footer><p>Diterbitkan {e(latest.published)} oleh {e(latest.institution)}.</p></footer>
</body>
</html>
"""


def _alt(latest: Infographic) -> str:
    return (
        f"Infografis hasil SKM periode {latest.period}: IKM {number(latest.score)}, mutu "
        f"{latest.grade} ({latest.label}), {latest.respondents} responden; NRR per unsur, tren "
        "dan tindak lanjut seperti pada tabel halaman ini."
    )


def _bar(name: str, shown: object, nrr: object) -> str:
    if shown is None or nrr is None:
        return f'<li><span class="name">{escape(name)}</span> <span>belum ada data</span></li>'
    width = round((float(str(nrr)) - 1) / 3 * 100, 1)
    return (
        f'<li class="unsur"><span class="name">{escape(name)}</span> '
        f'<span class="value">{escape(str(shown))}</span>'
        f'<span class="track" aria-hidden="true"><span class="fill" style="width:{width}%">'
        "</span></span></li>"
    )


STYLE = """*{box-sizing:border-box}
body{margin:0;font-family:"DejaVu Sans",Arial,sans-serif;color:#1f2d3d;line-height:1.5;
background:#fff;overflow-wrap:anywhere}
header{display:flex;gap:1rem;align-items:center;background:#e8eef6;padding:1rem 1.25rem}
header .logo{width:64px;height:auto}
.institution{margin:0;font-weight:bold}.address{margin:0;font-size:.9rem}
h1{margin:.25rem 0 0;font-size:1.3rem}
main{max-width:60rem;margin:0 auto;padding:1rem 1.25rem}
.score{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:baseline}
#ikm{font-size:2.4rem;font-weight:bold;color:#3d6fa8}
.grade{font-size:1.3rem;font-weight:bold}.grade-A{color:#2e7d32}.grade-B{color:#558b2f}
.grade-C{color:#ef6c00}.grade-D{color:#c62828}
.bars{list-style:none;padding:0}
.bars li{display:grid;grid-template-columns:1fr auto;gap:0 .75rem;margin:.4rem 0}
.track{grid-column:1/3;height:.8rem;background:#e8eef6}
.fill{display:block;height:100%;background:#3d6fa8}
figure{margin:1rem 0}figure img{max-width:100%;height:auto;border:1px solid #ccd}
table{width:100%;border-collapse:collapse;margin:.5rem 0}
th,td{text-align:left;border-bottom:1px solid #ccd;padding:.4rem;vertical-align:top}
footer{padding:1rem 1.25rem;font-size:.9rem;border-top:1px solid #ccd}
@media (max-width:30rem){th,td{padding:.3rem .2rem;font-size:.9rem}#ikm{font-size:2rem}}
@media print{header{background:none}figure{display:none}a{color:inherit}
.fill{background:#000;print-color-adjust:exact;-webkit-print-color-adjust:exact}}
"""
