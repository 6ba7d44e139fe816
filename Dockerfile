# tutorat — the bot in a container. Build: docker build -t tutorat .
# The token comes from the environment (DISCORD_TOKEN), the database from [database] url or
# DATABASE_URL (see compose.yaml); nothing secret is baked into the image.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY bot.py config.toml ./
COPY cogs ./cogs
COPY db ./db
COPY tutorat ./tutorat
COPY sources ./sources
COPY replay ./replay
COPY web ./web

# The bot needs no privilege: a plain user (a SQLite file, if used, lives in /app).
RUN useradd --system --home /app --shell /usr/sbin/nologin tutorat && chown tutorat /app
USER tutorat

# Healthy when the configuration is valid and the database answers (bot.py health).
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "bot.py", "health"]

CMD ["python", "bot.py"]
