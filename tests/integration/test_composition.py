"""The composition root builds every service once, as the settings say (IKM_TIMEZONE first)."""

from __future__ import annotations

from ikm.cli.support import with_services
from ikm.settings import load_settings
from tests.zones import WIB


def test_every_service_reads_local_dates_in_ikm_timezone(tmp_cwd, monkeypatch):
    monkeypatch.setenv("IKM_DATABASE_URL", f"sqlite:///{tmp_cwd / 'ikm.db'}")
    monkeypatch.setenv("IKM_TIMEZONE", "Asia/Jakarta")
    monkeypatch.setenv("IKM_BIDANG_LAIN", "Keuangan")
    monkeypatch.setenv("IKM_MIN_RESPONSES", "5")

    async def wiring(services, _config):
        zones = {
            services.zone,
            services.survey.zone,
            services.periods.zone,
            services.records.zone,
            services.record_flows.zone,
            services.indicators.zone,
        }
        shared = {id(services.db), id(services.records.db), id(services.indicators.db)}
        return (
            zones,
            len(shared),
            services.performance.indicators is services.indicators,
            services.follow_ups.extra_bidang,
            (services.results.min_responses, services.follow_ups.min_responses),
        )

    assert with_services(wiring, load_settings()) == ({WIB}, 1, True, ("Keuangan",), (5, 5))
