# Stagedoor command-side. Build from the repository root:
#   docker build -f deploy/docker/command-side.Dockerfile -t stagedoor/command-side .
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -q -B -DskipTests -pl command-side -am package

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 stagedoor
WORKDIR /app
COPY --from=build /src/command-side/target/command-side-*-exec.jar /app/stagedoor.jar
USER 10001
EXPOSE 8081
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s CMD wget -qO- http://localhost:8081/actuator/health/readiness || exit 1
ENTRYPOINT ["java", "-jar", "/app/stagedoor.jar"]
