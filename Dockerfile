# Livebot: slim image, non-root user, database on a volume.
#   docker build -t livebot .
#   docker run -e TELEGRAM_BOT_TOKEN=... -v livebot-data:/data livebot
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    LIVEBOT_CONFIG=/etc/livebot/livebot.toml PTB_TIMEDELTA=true XDG_CACHE_HOME=/var/cache

WORKDIR /app
COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
RUN pip install . && useradd --system --uid 10001 --home-dir /data livebot \
    && mkdir -p /data /etc/livebot && chown livebot /data \
    && python -c "from bot.geo.gazetteer import load; load()"  # the gazetteer, built once here

# The example config, with the database moved to the volume.
COPY config/livebot.toml /etc/livebot/livebot.toml
RUN sed -i 's|^database = .*|database = "/data/livebot.sqlite3"|' /etc/livebot/livebot.toml

USER livebot
VOLUME ["/data"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["livebot", "health"]
ENTRYPOINT ["livebot"]
CMD ["run"]
