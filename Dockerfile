# ikm-bot for production: the bot alone (no test or lint tools), pinned by constraints.txt,
# run by an unprivileged user; its working folder /var/lib/ikm (SQLite file, exports, backups)
# is a volume. See README, "Menjalankan di server".
FROM python:3.11-slim-bookworm AS build
WORKDIR /src
COPY pyproject.toml constraints.txt README.md ./
COPY ikm ./ikm
COPY bot ./bot
COPY survey ./survey
COPY scoring ./scoring
COPY scheduler ./scheduler
RUN python -m venv /opt/ikm \
    && /opt/ikm/bin/pip install --no-cache-dir --upgrade "pip==26.3" \
    && /opt/ikm/bin/pip install --no-cache-dir -c constraints.txt .

FROM python:3.11-slim-bookworm
# pg_dump/pg_restore/psql for `ikm db backup` and `restore` on PostgreSQL 15 (compose.yaml)
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client-15 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/ikm --shell /usr/sbin/nologin ikm \
    && install -d -o ikm -g ikm -m 0700 /var/lib/ikm
COPY --from=build /opt/ikm /opt/ikm
ENV PATH=/opt/ikm/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    MPLCONFIGDIR=/tmp/matplotlib
USER ikm
WORKDIR /var/lib/ikm
VOLUME ["/var/lib/ikm"]
# Telegram webhook, WhatsApp webhook (behind the TLS proxy)
EXPOSE 8443 8080
ENTRYPOINT ["ikm"]
CMD ["run"]
