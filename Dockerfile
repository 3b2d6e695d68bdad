# Livebot: slim image, dependencies locked, non-root user (uid 10001), database on a volume.
#   docker build -t livebot .
#   docker run -it --rm livebot try --demo                       # no token, no network
#   docker run -e TELEGRAM_BOT_TOKEN=... -v livebot-data:/data livebot
# A host folder mounted at /data must be writable by uid 10001 (chown 10001 the folder).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    LIVEBOT_CONFIG=/etc/livebot/livebot.toml PTB_TIMEDELTA=true XDG_CACHE_HOME=/var/cache

WORKDIR /app

# Dependencies first, exactly as locked (hashes checked): changing the code reuses this layer.
COPY requirements.lock ./
RUN pip install --require-hashes --no-deps -r requirements.lock \
    && useradd --system --uid 10001 --home-dir /data livebot \
    && mkdir -p /data /etc/livebot && chown 10001 /data

COPY pyproject.toml setup.py MANIFEST.in README.md LICENSE ./
COPY locales ./locales
COPY bot ./bot
# The code (the build compiles its message catalogs), then the place gazetteer built once
# here (later starts read it in half a second).
RUN pip install --no-deps . && python -c "from bot.geo.gazetteer import load; load()"

# The example config, with the database on the volume and the HTTP server reachable.
COPY config/livebot.toml /etc/livebot/livebot.toml
RUN sed -i -e 's|^database = .*|database = "/data/livebot.sqlite3"|' \
    -e 's|^host = "127.0.0.1"|host = "0.0.0.0"|' /etc/livebot/livebot.toml

USER 10001
# The bot's HTTP server: publisher pushes, /metrics and Telegram's webhook (push.port).
EXPOSE 8080
VOLUME ["/data"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["livebot", "health"]
ENTRYPOINT ["livebot"]
CMD ["run"]
