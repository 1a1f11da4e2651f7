# Stagedoor standalone. Build from the repository root:
#   docker build -f deploy/docker/standalone.Dockerfile -t stagedoor/standalone .
FROM eclipse-temurin:17-jdk AS build
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
