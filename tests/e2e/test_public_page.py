"""The public page in a real browser: Debian's headless Chromium driven by Playwright loads the
files `ikm publikasi` wrote, finds the IKM, the grade and every unsur, sees no failed request
and no console error, fits a phone's width without horizontal scroll, and saves a screenshot.

Skipped, saying why, only where Chromium is not installed (`.ci/run` installs it)."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ikm.cli.app import app
from tests.integration.follow_up_support import released

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
UNSUR = (
    "Sistem, Mekanisme, dan Prosedur",
    "Waktu Penyelesaian",
    "Produk Spesifikasi Jenis Pelayanan",
    "Kompetensi Pelaksana",
    "Perilaku Pelaksana",
    "Sarana dan Prasarana",
)


def browse(index: Path, shots: Path) -> dict[str, object]:
    """Open the page at desktop and phone width; what the browser saw."""
    from playwright.sync_api import sync_playwright

    failed: list[str] = []
    errors: list[str] = []
    requested: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            seen: dict[str, object] = {}
            for name, width in (("desktop", 1280), ("phone", 360)):
                page = browser.new_page(viewport={"width": width, "height": 800})
                page.on("requestfailed", lambda r: failed.append(r.url))
                page.on("request", lambda r: requested.append(r.url))
                page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
                page.on("pageerror", lambda e: errors.append(str(e)))
                page.goto(index.as_uri(), wait_until="load")
                seen[f"{name}_text"] = page.inner_text("body")
                seen[f"{name}_ikm"] = page.inner_text("#ikm")
                seen[f"{name}_mutu"] = page.inner_text("#mutu")
                seen[f"{name}_overflow"] = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                seen[f"{name}_images"] = page.evaluate(
                    "[...document.images].map(i => [i.alt, i.naturalWidth])"
                )
                seen["lang"] = page.evaluate("document.documentElement.lang")
                page.screenshot(path=str(shots / f"publikasi-{name}.png"), full_page=True)
                page.close()
        finally:
            browser.close()
    return seen | {"failed": failed, "errors": errors, "requested": requested}


async def test_the_public_page_in_headless_chromium(database_url, services, tmp_cwd):
    pytest.importorskip("playwright", reason="playwright is a dev dependency: make install")
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed (/usr/bin/chromium): apt-get install chromium")
    await released(services)
    await services.follow_ups.add(
        "cli",
        period=None,
        element="sarana",
        action="Perbaikan AC ruang rapat <paripurna>",
        bidang="fasilitasi",
        due_on=date(2027, 1, 31),
    )
    site = tmp_cwd / "situs"
    env = {"IKM_DATABASE_URL": database_url}
    done = await asyncio.to_thread(
        CliRunner().invoke, app, ["publikasi", "--out", str(site)], env=env
    )
    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in site.iterdir()) == [
        "index.html",
        "infografis-a4.png",
        "infografis-persegi.png",
        "style.css",
    ]
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "<script" not in html and "http://" not in html and "https://" not in html
    seen = await asyncio.to_thread(browse, site / "index.html", tmp_cwd)
    assert seen["failed"] == [] and seen["errors"] == []
    assert all(str(url).startswith("file://") for url in seen["requested"])  # type: ignore[union-attr]
    assert seen["lang"] == "id"
    for width in ("desktop", "phone"):
        assert seen[f"{width}_ikm"] == "IKM 80,56"
        assert " ".join(str(seen[f"{width}_mutu"]).split()) == "Mutu B · Baik"
        text = str(seen[f"{width}_text"])
        for name in UNSUR:
            assert name in text, name
        assert "Perbaikan AC ruang rapat <paripurna>" in text  # escaped, shown as typed
        assert seen[f"{width}_overflow"] == 0, width  # no horizontal scroll
        images = seen[f"{width}_images"]
        assert images and all(alt and natural > 0 for alt, natural in images)  # type: ignore[union-attr]
    assert "3,0000" in str(seen["phone_text"]) and "2,0000" in str(seen["phone_text"])
    assert (tmp_cwd / "publikasi-phone.png").stat().st_size > 10_000
