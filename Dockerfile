# syntax=docker/dockerfile:1
#
# Lucy's container image: the bot (lucy-app/target/lucy.jar) on a Java runtime, as a user without privileges.
#
#   docker build -t lucy --build-arg LUCY_GIT_COMMIT=$(git rev-parse HEAD) .
#   docker run --env-file lucy.env -p 127.0.0.1:8080:8080 -v lucy-data:/var/lib/lucy lucy
#
# compose.yaml and deploy/kubernetes/ run this image; docs/operations.md, "Container and Kubernetes", says how
# and what the repository checks about this file (DeploymentFilesTest).

ARG JAVA_VERSION=21

# --- build: the Maven wrapper, the same command ./lucy runs, tests left to CI
FROM eclipse-temurin:${JAVA_VERSION}-jdk-noble AS build
ARG LUCY_GIT_COMMIT=
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -DskipTests -Dlucy.git.commit="${LUCY_GIT_COMMIT}" -pl lucy-app -am package \
    && cp lucy-app/target/lucy.jar /lucy.jar

# --- run: a JRE, the one jar, a data directory owned by the lucy user
FROM eclipse-temurin:${JAVA_VERSION}-jre-noble AS runtime
ARG LUCY_GIT_COMMIT=
LABEL org.opencontainers.image.title="Lucy" \
      org.opencontainers.image.description="A Slack bot that answers with a model and tools" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.revision="${LUCY_GIT_COMMIT}"
RUN groupadd --system --gid 10001 lucy \
    && useradd --system --uid 10001 --gid lucy --home-dir /var/lib/lucy --no-create-home \
       --shell /usr/sbin/nologin lucy \
    && mkdir -p /opt/lucy /var/lib/lucy \
    && chown lucy:lucy /var/lib/lucy \
    && chmod 0700 /var/lib/lucy
COPY --from=build --chown=root:root --chmod=0444 /lucy.jar /opt/lucy/lucy.jar

# Listen for probes and Prometheus on every interface; keep the data where the volume is; logs as JSON lines.
ENV LUCY_OPS_HOST=0.0.0.0 \
    LUCY_OPS_PORT=8080 \
    LUCY_DATA_DIR=/var/lib/lucy \
    LUCY_LOG_FORMAT=json

USER 10001:10001
WORKDIR /var/lib/lucy
VOLUME ["/var/lib/lucy"]
EXPOSE 8080

# /healthz answers 200 while the process can answer at all; Lucy connects to Slack and its database first.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${LUCY_OPS_PORT}/healthz" || exit 1

# java is process 1, so SIGTERM reaches Lucy's graceful shutdown directly. Heap: three quarters of the container's
# memory limit; out of memory ends the process, so the orchestrator restarts it (the inbox keeps what was
# acknowledged). Lucene's vector instructions (jdk.incubator.vector) speed up recall and tool choice by meaning.
# Add JVM options with JDK_JAVA_OPTIONS; arguments after the image name go to Lucy.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseG1GC", \
    "--add-modules=jdk.incubator.vector", "-jar", "/opt/lucy/lucy.jar"]
