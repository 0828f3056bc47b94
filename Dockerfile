# The build stage has a C compiler, so the wheel carries the compiled extractor (setup.py);
# the image itself needs none.
FROM python:3.11 AS build
WORKDIR /src
COPY pyproject.toml setup.py README.md alembic.ini ./
COPY alembic ./alembic
COPY tracker ./tracker
RUN pip wheel --no-cache-dir --wheel-dir /wheels '.[postgres,browser]'

FROM python:3.11-slim
WORKDIR /app
COPY --from=build /wheels /wheels
# Playwright (the browser extra) only drives a browser: compose runs Chromium in a container
# of its own (TRACKER_BROWSER_URL); no browser is downloaded into this image.
RUN pip install --no-cache-dir --no-index --find-links /wheels 'article-change-tracker[postgres,browser]' \
    && rm -rf /wheels && useradd --system --uid 10001 tracker
USER tracker
ENV TRACKER_DATABASE_URL=postgresql+psycopg://tracker@postgres:5432/tracker \
    PYTHONUNBUFFERED=1
# `tracker run` stops cleanly on SIGTERM (checks in flight finish, leases are released).
STOPSIGNAL SIGTERM
ENTRYPOINT ["tracker"]
CMD ["run"]
