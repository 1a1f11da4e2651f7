package io.stagedoor.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A webhook receiver on loopback, as a user's service would be: every request is verified with the official Standard
 * Webhooks library against the secrets it was given; what verified is kept, in arrival order. How it answers is up to
 * the test ({@link #answer}).
 */
public final class WebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One verified request. */
    public record Received(String id, String timestamp, String signature, String body, JsonNode payload, long atNanos) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(16);
    private final List<Received> verified = new CopyOnWriteArrayList<>();
    private final List<Received> delivered = new CopyOnWriteArrayList<>();
    private final List<String> rejected = new CopyOnWriteArrayList<>();
    private volatile List<String> secrets = List.of();
    private volatile Function<Received, Integer> answer = received -> 204;

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    /** Verifies with each of these secrets (every one must verify). */
    public WebhookReceiver trust(String... secrets) {
        this.secrets = List.of(secrets);
        return this;
    }

    /** @param answer the status to answer a verified request with (it is recorded first) */
    public WebhookReceiver answer(Function<Received, Integer> answer) {
        this.answer = answer;
        return this;
    }

    /** Every authentic request, whatever it was answered. */
    public List<Received> verified() {
        return verified;
    }

    /** The authentic requests answered with 2xx, in arrival order. */
    public List<Received> delivered() {
        return delivered;
    }

    public List<String> rejected() {
        return rejected;
    }

    /** The delivered messages of meetings whose id starts so, in arrival order. */
    public List<Received> deliveredOf(String meetingPrefix) {
        return delivered.stream().filter(r -> r.payload().path("data").path("meetingId").asText().startsWith(meetingPrefix))
                        .toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
        String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
        try {
            for (String secret : secrets) {
                verify(secret, id, timestamp, signature, body);
            }
        } catch (Exception invalid) {
            rejected.add(id + ": " + invalid);
            respond(exchange, 400);
            return;
        }
        Received received = new Received(id, timestamp, signature, body, JSON.readTree(body), System.nanoTime());
        verified.add(received);
        int status = answer.apply(received);
        if (status >= 200 && status < 300) {
            delivered.add(received);
        }
        respond(exchange, status);
    }

    /** What a receiver does with the official library; throws if the message is not authentic. */
    public static void verify(String secret, String id, String timestamp, String signature, String body) throws Exception {
        new Webhook(secret).verify(body, Map.of("webhook-id", List.of(id), "webhook-timestamp", List.of(timestamp),
                "webhook-signature", List.of(signature)));
    }

    private static void respond(HttpExchange exchange, int status) throws IOException {
        byte[] text = status == 204 ? new byte[0] : ("answered " + status).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, text.length == 0 ? -1 : text.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(text);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
