FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md alembic.ini ./
COPY alembic ./alembic
COPY tracker ./tracker
COPY jobs ./jobs
RUN pip install --no-cache-dir -e '.[postgres]'
ENV TRACKER_DATABASE_URL=postgresql+psycopg://tracker@postgres:5432/tracker
ENTRYPOINT ["tracker"]
CMD ["--help"]
