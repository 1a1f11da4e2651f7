package io.stagedoor.load;

import java.nio.charset.StandardCharsets;

/**
 * Encodes requests as the bytes written to a connection: HTTP/1.1, kept alive, with the host and the caller's key
 * encoded once; only the request line, the extra headers and the (small JSON) body are encoded per request.
 */
final class Requests {

    private final byte[] common;

    /** @param key the API key sent as a bearer token with every request, or null for none */
    Requests(int port, String key) {
        this.common = ("Host: localhost:" + port + "\r\n" + (key == null ? "" : "Authorization: Bearer " + key + "\r\n"))
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** @param headers names and values, alternately */
    byte[] encode(String method, String path, String json, String... headers) {
        byte[] line = (method + " " + path + " HTTP/1.1\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        StringBuilder rest = new StringBuilder(96);
        for (int i = 0; i < headers.length; i += 2) {
            rest.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        if (json != null) {
            rest.append("Content-Type: application/json\r\n");
        }
        if (json != null || !method.equals("GET")) {
            rest.append("Content-Length: ").append(body.length).append("\r\n");
        }
        byte[] tail = rest.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[line.length + common.length + tail.length + body.length];
        System.arraycopy(line, 0, request, 0, line.length);
        System.arraycopy(common, 0, request, line.length, common.length);
        System.arraycopy(tail, 0, request, line.length + common.length, tail.length);
        System.arraycopy(body, 0, request, line.length + common.length + tail.length, body.length);
        return request;
    }
}
