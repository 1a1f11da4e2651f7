package io.stagedoor.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** A small HTTP client for Stagedoor's API in tests: JSON in, status + headers + JSON out. */
public final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;
    private final String credential;
    private final Consumer<Answer> check;

    public Api(int port, String credential) {
        this(URI.create("http://localhost:" + port), credential, answer -> {
        });
    }

    private Api(URI base, String credential, Consumer<Answer> check) {
        this.base = base;
        this.credential = credential;
        this.check = check;
    }

    /** The same server, other credentials (null for none). */
    public Api as(String otherCredential) {
        return new Api(base, otherCredential, check);
    }

    /**
     * The same server and credentials, and every answer is first given to {@code check} (which throws to fail the test),
     * also through {@link #as}: to hold all the answers of a test to the API description, say.
     */
    public Api checking(Consumer<Answer> check) {
        return new Api(base, credential, check);
    }

    public record Answer(int status, HttpResponse<String> raw, JsonNode body) {

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public int code() {
            return body.path("code").asInt();
        }

        public long version() {
            return body.path("version").asLong();
        }

        public String contentType() {
            return header("Content-Type");
        }
    }

    public Answer get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    public Answer post(String path, String json, String... headers) {
        return send("POST", path, json, headers);
    }

    public Answer put(String path, String json, String... headers) {
        return send("PUT", path, json, headers);
    }

    public Answer patch(String path, String json, String... headers) {
        return send("PATCH", path, json, headers);
    }

    public Answer delete(String path, String... headers) {
        return send("DELETE", path, null, headers);
    }

    /** @param headers name, value, name, value, ... */
    public Answer send(String method, String path, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                                                 .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                                                         : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (credential != null) {
            request.header("Authorization", "Bearer " + credential);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Answer answer = new Answer(response.statusCode(), response, parse(response.body()));
            check.accept(answer);
            return answer;
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A client's pause before it asks again (retry back-off), for loops that cannot throw InterruptedException. */
    public static void backOff(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException notJson) {
            return JSON.getNodeFactory().textNode(body);
        }
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The read-model projection's position (its slowest segment), from the admin endpoint; -1 before it has one. */
    public long projectionPosition() {
        return projection("stage-read-model").path("position").asLong(-1);
    }

    /** One projection as the admin endpoint lists it (name, position, segments, …); a missing node if not listed. */
    public JsonNode projection(String name) {
        for (JsonNode projection : get("/v1/admin/projections").body()) {
            if (projection.path("name").asText().equals(name)) {
                return projection;
            }
        }
        return MissingNode.getInstance();
    }

    public static List<String> strings(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(Optional.ofNullable(node.get(field)).map(JsonNode::asText).orElse(null)));
        return values;
    }
}
