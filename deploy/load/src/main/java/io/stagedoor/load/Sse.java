package io.stagedoor.load;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Listens to a meeting's live notifications and notes when each version's first notification arrived. */
final class Sse implements AutoCloseable {

    final Map<Long, Long> arrivedNanos = new ConcurrentHashMap<>();
    private final InputStream body;

    Sse(Http http, String meeting) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(http.base().resolve("/v1/meetings/" + meeting + "/stage/events"))
                                         .header("Authorization", "Bearer " + http.key()).build();
        body = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream()).body();
        Thread reader = new Thread(this::read, "sse");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("id:")) {
                    arrivedNanos.putIfAbsent(Long.parseLong(line.substring(3).trim()), System.nanoTime());
                }
            }
        } catch (Exception closed) {
            // the stream ended
        }
    }

    @Override
    public void close() throws Exception {
        body.close();
    }
}
