FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md alembic.ini ./
COPY alembic ./alembic
COPY tracker ./tracker
COPY jobs ./jobs
RUN pip install --no-cache-dir '.[postgres]' && useradd --system --uid 10001 tracker
USER tracker
ENV TRACKER_DATABASE_URL=postgresql+psycopg://tracker@postgres:5432/tracker \
    PYTHONUNBUFFERED=1
# `tracker run` stops cleanly on SIGTERM (checks in flight finish, leases are released).
STOPSIGNAL SIGTERM
ENTRYPOINT ["tracker"]
CMD ["run"]
