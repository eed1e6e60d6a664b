# syntax=docker/dockerfile:1
# The netweave O2-IMS gateway image. Build from the repository root:
#   docker build -t ghcr.io/netweave/o2ims-server:0.1.0 --build-arg VERSION=0.1.0 .
# The Helm chart (deploy/helm/netweave) runs it with the same command, user and port;
# DockerfileTest keeps the two in step and ContainerSmokeIT starts the jar exactly as below.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -pl o2ims-server -am package

FROM eclipse-temurin:17-jre
ARG VERSION=0.1.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="netweave o2ims-server" \
      org.opencontainers.image.description="O-RAN O2-IMS gateway for Kubernetes" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="https://github.com/netweave/netweave" \
      org.opencontainers.image.documentation="https://github.com/netweave/netweave/blob/main/docs/operations.md" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.vendor="netweave"
RUN groupadd --system --gid 10001 netweave \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /var/lib/netweave --shell /usr/sbin/nologin netweave \
 && mkdir -p /var/lib/netweave /etc/netweave /opt/netweave \
 && chown 10001:10001 /var/lib/netweave
COPY --from=build /src/o2ims-server/target/o2ims-server.jar /opt/netweave/o2ims-server.jar
COPY deploy/docker/config.yaml /etc/netweave/config.yaml
# Read-only for the gateway: it writes only the data directory and /tmp.
WORKDIR /opt/netweave
USER 10001:10001
EXPOSE 8080
VOLUME ["/var/lib/netweave"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75.0", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp", "-jar", "/opt/netweave/o2ims-server.jar"]
CMD ["--config", "/etc/netweave/config.yaml"]
