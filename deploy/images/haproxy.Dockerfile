# The load balancer in front of the silos' HTTP ports: HAProxy from Debian's packages, checking each silo's readiness.
ARG BASE_IMAGE=debian:bookworm-slim
FROM ${BASE_IMAGE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends haproxy curl \
 && rm -rf /var/lib/apt/lists/*
COPY haproxy.cfg /etc/haproxy/haproxy.cfg.template
# The silos' addresses: CV_SUBNET (the first three parts of the cluster network's addresses; the silos are .11 to .13).
ENV CV_SUBNET=172.30.0
EXPOSE 8080
USER haproxy
HEALTHCHECK --interval=5s --timeout=3s CMD curl -fsS http://127.0.0.1:8080/lb-health >/dev/null || exit 1
CMD ["sh", "-c", "sed \"s/__SUBNET__/$CV_SUBNET/g\" /etc/haproxy/haproxy.cfg.template > /tmp/haproxy.cfg && exec haproxy -W -db -f /tmp/haproxy.cfg"]
