package io.stagedoor.load;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The load tool's synchronous client for setup, bursts and one-off reads: JSON commands and queries against one
 * Stagedoor, each on a kept-alive {@link HttpConnection} taken from a pool (one per calling thread at a time).
 */
final class Http implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final int port;
    private final String key;
    private final Requests requests;
    private final Deque<HttpConnection> idle = new ConcurrentLinkedDeque<>();

    /** @param key the API key sent with every request, or null for none */
    Http(int port, String key) {
        this.port = port;
        this.key = key;
        this.requests = new Requests(port, key);
    }

    URI base() {
        return URI.create("http://localhost:" + port);
    }

    String key() {
        return key;
    }

    /** The encoder of this client's requests, for load that sends them over {@link Load}'s connections. */
    Requests requests() {
        return requests;
    }

    Answer send(String method, String path, String json, String... headers) {
        HttpConnection connection = idle.poll();
        if (connection == null) {
            connection = new HttpConnection(port);
        }
        try {
            Answer answer = connection.exchange(requests.encode(method, path, json, headers));
            idle.push(connection);
            return answer;
        } catch (IOException e) {
            connection.close();
            throw new IllegalStateException(method + " " + path + ": " + e.getMessage(), e);
        }
    }

    Answer post(String path, String json, String... headers) {
        return send("POST", path, json, headers);
    }

    Answer get(String path) {
        return send("GET", path, null);
    }

    @Override
    public void close() {
        for (HttpConnection connection = idle.poll(); connection != null; connection = idle.poll()) {
            connection.close();
        }
    }
}
