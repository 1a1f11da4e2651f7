package io.stagedoor.load;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** A small HTTP/1.1 server for the load tool's tests: each request is answered as the test says, a thread per connection. */
final class TestServer implements AutoCloseable {

    record Request(String line, String body) {
    }

    /**
     * @param close          whether the server closes the connection after this answer
     * @param announceClose  whether the answer says so ({@code Connection: close}); a server that closes an idle
     *                       kept-alive connection does not
     * @param serviceMillis  how long the server takes before answering
     */
    record Reply(int status, String body, boolean chunked, boolean close, boolean announceClose, long serviceMillis) {

        static Reply ok(String body) {
            return new Reply(200, body, false, false, false, 0);
        }
    }

    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger connections = new AtomicInteger();
    private final ServerSocket server;
    private final Function<Request, Reply> replies;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    TestServer(Function<Request, Reply> replies) throws IOException {
        this.server = new ServerSocket(0);
        this.replies = replies;
        Thread acceptor = new Thread(this::accept, "test-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        try {
            while (true) {
                Socket socket = server.accept();
                sockets.add(socket);
                connections.incrementAndGet();
                Thread connection = new Thread(() -> serve(socket), "test-connection");
                connection.setDaemon(true);
                connection.start();
            }
        } catch (IOException closed) {
            // the test is over
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                String line = line(in);
                if (line == null) {
                    return;
                }
                int length = 0;
                for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                    if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(header.substring(15).trim());
                    }
                }
                String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                requests.incrementAndGet();
                Reply reply = replies.apply(new Request(line, body));
                TimeUnit.MILLISECONDS.sleep(reply.serviceMillis());
                out.write(encode(reply));
                out.flush();
                if (reply.close()) {
                    return;
                }
            }
        } catch (IOException | InterruptedException closed) {
            // the client went away or the test is over
        }
    }

    private static byte[] encode(Reply reply) {
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("HTTP/1.1 " + reply.status() + " \r\nContent-Type: application/json\r\n");
        if (reply.announceClose()) {
            head.append("Connection: close\r\n");
        }
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        if (reply.chunked()) {
            head.append("Transfer-Encoding: chunked\r\n\r\n");
            answer.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
            // two chunks (the second with an extension), then the last chunk and a trailer
            int half = body.length / 2;
            for (int[] chunk : new int[][]{{0, half}, {half, body.length}}) {
                if (chunk[1] > chunk[0]) {
                    answer.writeBytes((Integer.toHexString(chunk[1] - chunk[0]) + (chunk[0] > 0 ? ";note=x" : "") + "\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    answer.write(body, chunk[0], chunk[1] - chunk[0]);
                    answer.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
            }
            answer.writeBytes("0\r\nX-Trailer: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } else {
            head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            answer.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
            answer.writeBytes(body);
        }
        return answer.toByteArray();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return null;
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
