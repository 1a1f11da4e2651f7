package io.stagedoor.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

/** The load tool's client: JSON commands and queries against one Stagedoor, synchronous or not. */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();

    record Answer(int status, JsonNode body) {
        long version() {
            return body.path("version").asLong(-1);
        }

        boolean ok() {
            return status / 100 == 2;
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                                                .executor(Executors.newFixedThreadPool(4, runnable -> {
                                                    Thread thread = new Thread(runnable, "http");
                                                    thread.setDaemon(true);
                                                    return thread;
                                                })).build();
    private final URI base;
    private final String key;

    Http(String base, String key) {
        this.base = URI.create(base);
        this.key = key;
    }

    URI base() {
        return base;
    }

    String key() {
        return key;
    }

    CompletableFuture<Answer> sendAsync(String method, String path, String json, String... headers) {
        return client.sendAsync(request(method, path, json, headers), HttpResponse.BodyHandlers.ofString())
                     .thenApply(response -> new Answer(response.statusCode(), parse(response.body())));
    }

    Answer send(String method, String path, String json, String... headers) {
        try {
            HttpResponse<String> response = client.send(request(method, path, json, headers), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), parse(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Answer post(String path, String json, String... headers) {
        return send("POST", path, json, headers);
    }

    Answer get(String path) {
        return send("GET", path, null);
    }

    private HttpRequest request(String method, String path, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                                                 .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                                                         : HttpRequest.BodyPublishers.ofString(json));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request.build();
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.missingNode() : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(body);
        }
    }
}
