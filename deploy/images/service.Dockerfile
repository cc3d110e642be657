# The CellValley service: one silo with the HTTP API and the console, self-contained (no .NET runtime in the image).
# Built by deploy/images/build.sh from `dotnet publish` output (the build context holds app/). Configured only by
# environment variables (CellValley__*, ASPNETCORE_*, CELLVALLEY_ADMIN_*); runs as an unprivileged user.
ARG BASE_IMAGE=debian:bookworm-slim
FROM ${BASE_IMAGE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libicu72 tzdata curl fonts-wqy-microhei \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /var/lib/cellvalley --create-home cellvalley
COPY app/ /app/
ENV ASPNETCORE_URLS=http://+:8080 \
    CellValley__SiloAddress=auto \
    CellValley__DataDirectory=/var/lib/cellvalley \
    DOTNET_gcServer=0 \
    TZ=Asia/Shanghai
USER 10001:10001
WORKDIR /var/lib/cellvalley
EXPOSE 8080 11111
# Ready: PostgreSQL answers, the event log is current and this silo is active in the cluster.
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=3 CMD curl -fsS http://127.0.0.1:8080/health/ready >/dev/null || exit 1
ENTRYPOINT ["/app/CellValley.Silo"]
