# syntax=docker/dockerfile:1
# Build with the Maven wrapper on a JDK, run on a JRE as a non-root user.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
# The wrapper and the pom first, then a build of no sources: it resolves every dependency and plugin that packaging
# needs (and nothing more, so it also works where the build has no network but a filled Maven repository), in a
# layer of its own that is cached until the pom changes. A change to the sources rebuilds from `COPY src` on
# without downloading anything again. The image needs no tests: -Dmaven.test.skip leaves them uncompiled, and
# -Dcodegen.skip the test client generated from the OpenAPI snapshot (under src/test, not here yet).
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q -Dmaven.test.skip=true -Dcodegen.skip=true -Dspring-boot.repackage.skip=true \
      -Dspring-boot.aot.skip=true package && rm -rf target
COPY src src
RUN ./mvnw -B -q -Dmaven.test.skip=true -Dcodegen.skip=true package \
 && mkdir -p /out && cp target/descent-*.jar /out/descent.jar \
 && cd /out && java -Djarmode=tools -jar descent.jar extract --layers --destination layers

FROM eclipse-temurin:17-jre
ARG VERSION=0.1.0-SNAPSHOT
LABEL org.opencontainers.image.title="Descent" \
      org.opencontainers.image.description="Gradient descent as a service: exact gradients, PyTorch's update rules, experiments, jobs and pictures over a REST API" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.base.name="eclipse-temurin:17-jre"
RUN groupadd --system descent && useradd --system --gid descent --home-dir /app --shell /usr/sbin/nologin descent
WORKDIR /app
# Spring Boot's layers, least to most often changed: lib/*.jar, then descent.jar, whose manifest lists them.
COPY --from=build /out/layers/dependencies/ ./
COPY --from=build /out/layers/spring-boot-loader/ ./
COPY --from=build /out/layers/snapshot-dependencies/ ./
COPY --from=build /out/layers/application/ ./
# Start-up: the application context's set-up as the code Spring AOT generated at build time (-Dspring.aot.enabled),
# and class data sharing (Spring Boot's CDS support): a training run that exits once the application context is
# refreshed writes the archive of the classes it loaded, with this JVM and these paths; starts then map it instead of
# loading and verifying those classes again. scripts/bench/startup.sh measures both. The training run touches no
# database: its store is an in-memory H2 that lives as long as the run. With AOT the beans are fixed at build time:
# settings that switch beans on or off (spring.*.enabled, springdoc.*.enabled) are not read at start.
RUN java -XX:ArchiveClassesAtExit=descent.jsa -Dspring.aot.enabled=true -Dspring.context.exit=onRefresh \
      -jar descent.jar --spring.datasource.url=jdbc:h2:mem:cds --descent.jobs.sweep-interval=1h > /dev/null
# The embedded job store's database files (descent.jobs.data-dir, ./data from /app): a directory the service's user
# owns, and a volume so that jobs outlive the container. With PostgreSQL (SPRING_DATASOURCE_URL) it stays empty.
RUN mkdir -p /app/data && chown descent:descent /app/data
VOLUME /app/data
USER descent
EXPOSE 8080
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# SIGTERM starts the graceful shutdown, which takes at most spring.lifecycle.timeout-per-shutdown-phase (8 s): within
# the 10 s `docker stop` waits by default before SIGKILL. Give a longer stop timeout (docker stop -t, compose's
# stop_grace_period) only together with a longer shutdown phase.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=15s --timeout=3s --start-period=40s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${SERVER_PORT:-8080}/actuator/health" | grep -q '"UP"' || exit 1
ENTRYPOINT ["java", "-XX:SharedArchiveFile=descent.jsa", "-Dspring.aot.enabled=true", "-jar", "descent.jar"]
