package io.stagedoor.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What PostgreSQL itself commits: pgbench, one single-row INSERT per transaction, on the same server and with the
 * same durability settings Stagedoor runs with (fsync and synchronous_commit as the server has them).
 */
final class Baseline {

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");

    private Baseline() {
    }

    static Map<Integer, Double> pgbench(String pgbench, String host, int port, String user, String password, String database,
                                        int[] clients, int seconds) throws IOException, InterruptedException {
        Path script = Files.createTempFile("insert", ".sql");
        Files.writeString(script, "INSERT INTO bench_insert (payload) VALUES "
                + "('{\"meetingId\":\"m-1\",\"userId\":\"u-1\",\"occurredAt\":\"2026-11-23T10:00:00Z\"}');\n");
        run(pgbench.replace("pgbench", "psql"), host, port, user, password, database, "-q", "-c",
                "CREATE TABLE IF NOT EXISTS bench_insert (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL)");
        Map<Integer, Double> tps = new LinkedHashMap<>();
        for (int count : clients) {
            String out = run(pgbench, host, port, user, password, database, "-n", "-f", script.toString(),
                    "-c", String.valueOf(count), "-j", "2", "-T", String.valueOf(seconds));
            Matcher matcher = TPS.matcher(out);
            if (!matcher.find()) {
                throw new IllegalStateException("pgbench printed no tps:\n" + out);
            }
            tps.put(count, Double.parseDouble(matcher.group(1)));
        }
        return tps;
    }

    private static String run(String program, String host, int port, String user, String password, String database,
                              String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(program, "-h", host, "-p",
                String.valueOf(port), "-U", user));
        command.addAll(List.of(arguments));
        command.add(database);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", password);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(program + " failed:\n" + out);
        }
        return out;
    }
}
