package io.stagedoor.load;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One abusive client: the same request at a fixed rate over a few kept-alive connections, written straight to
 * sockets. The JDK's HttpClient costs this generator — which shares the machine's cores with the server — more CPU
 * per request than the server spends refusing it, so a flood sent with it measures the generator, not how well the
 * server keeps other callers apart from the abusive one. Each connection sends at its share of the rate; one that
 * falls behind sends at once until it is back on schedule.
 */
final class Flood {

    record Result(long sent, long refused, long otherAnswers, long connectionFailures) {
    }

    private Flood() {
    }

    /**
     * @param head the request line and headers, without the blank line that ends them; the request has no body
     */
    static Result run(int port, String head, int rate, int seconds, int connections) throws InterruptedException {
        byte[] request = (head + "\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        AtomicLong sent = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong other = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        long perConnection = (long) rate * seconds / connections;
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) * connections / rate;
        long start = System.nanoTime();
        List<Thread> senders = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            long offset = intervalNanos * c / connections;
            Thread sender = new Thread(() -> {
                Socket socket = null;
                InputStream in = null;
                for (long i = 0; i < perConnection; i++) {
                    long wait = start + offset + i * intervalNanos - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    try {
                        if (socket == null) {
                            socket = new Socket("localhost", port);
                            socket.setTcpNoDelay(true);
                            in = new BufferedInputStream(socket.getInputStream(), 4096);
                        }
                        OutputStream out = socket.getOutputStream();
                        out.write(request);
                        out.flush();
                        sent.incrementAndGet();
                        Answer answer = Answer.read(in);
                        (answer.status() == 429 ? refused : other).incrementAndGet();
                        if (answer.close()) {
                            socket.close();
                            socket = null;
                        }
                    } catch (IOException e) {
                        failures.incrementAndGet();
                        socket = closeQuietly(socket);
                    }
                }
                closeQuietly(socket);
            }, "flood-" + c);
            sender.setDaemon(true);
            sender.start();
            senders.add(sender);
        }
        for (Thread sender : senders) {
            sender.join();
        }
        return new Result(sent.get(), refused.get(), other.get(), failures.get());
    }

    private static Socket closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already broken
            }
        }
        return null;
    }

    /** An HTTP/1.1 answer's status and whether the server closes the connection after it; the body is skipped. */
    private record Answer(int status, boolean close) {

        static Answer read(InputStream in) throws IOException {
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line(in).split(";")[0].trim(), 16); size > 0;
                     size = Long.parseLong(line(in).split(";")[0].trim(), 16)) {
                    in.skipNBytes(size);
                    line(in);
                }
                line(in);
            } else if (length > 0) {
                in.skipNBytes(length);
            }
            return new Answer(status, close);
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream(64);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed mid-answer");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
