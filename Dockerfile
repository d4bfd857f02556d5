# Multi-stage: build wheels with compilers, run slim as a non-root user.
FROM python:3.11-slim AS build
WORKDIR /src
RUN pip install --no-cache-dir --upgrade pip
COPY pyproject.toml README.md ./
COPY saiduan ./saiduan
COPY bots ./bots
COPY nlp ./nlp
COPY intake ./intake
COPY handoff ./handoff
COPY migrations ./migrations
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    SAIDUAN_HOST=0.0.0.0 SAIDUAN_PORT=8000 SAIDUAN_MEDIA_DIR=/data/media \
    SAIDUAN_DATABASE_URL=sqlite:////data/saiduan.db
RUN useradd --system --uid 10001 --home /data saiduan && mkdir -p /data/media && chown -R saiduan /data
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/* && rm -rf /wheels
USER saiduan
WORKDIR /data
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz').status != 200)"
# Migrations first, then serve; several replicas may run this at once (Alembic takes a lock on PostgreSQL).
CMD ["sh", "-c", "saiduan db upgrade && exec saiduan serve"]
