# Stagedoor standalone. Build from the repository root:
#   docker build -f deploy/docker/standalone.Dockerfile -t stagedoor/standalone .
FROM eclipse-temurin:17-jdk AS build
# the build runs npm for the TypeScript client and the console (Node.js 20+)
COPY --from=node:20-bookworm-slim /usr/local/bin/node /usr/local/bin/node
COPY --from=node:20-bookworm-slim /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/npm
RUN ln -s /usr/local/lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm
WORKDIR /src
COPY . .
RUN ./mvnw -q -B -DskipTests -pl deploy/standalone -am package

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 stagedoor
WORKDIR /app
COPY --from=build /src/deploy/standalone/target/stagedoor-standalone.jar /app/stagedoor.jar
USER 10001
EXPOSE 8080
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s CMD wget -qO- http://localhost:8080/actuator/health/readiness || exit 1
ENTRYPOINT ["java", "-jar", "/app/stagedoor.jar"]
