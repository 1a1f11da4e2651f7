package io.stagedoor.load;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * One kept-alive HTTP/1.1 connection to the server, used by one thread at a time: a request written as bytes, its
 * answer read with {@link AnswerReader}, on a plain blocking socket. Opened on first use and again after the server
 * closed it. A request that met a kept-alive connection the server had closed meanwhile (it failed before any byte of
 * an answer arrived) is sent once more on a new connection, as HTTP clients do.
 */
final class HttpConnection implements AutoCloseable {

    private final int port;
    private final AnswerReader reader = new AnswerReader();
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private int opened;

    HttpConnection(int port) {
        this.port = port;
    }

    Answer exchange(byte[] request) throws IOException {
        boolean reused = socket != null;
        try {
            return attempt(request);
        } catch (IOException e) {
            boolean answerStarted = reader.pending();
            close();
            if (!reused || answerStarted || e instanceof SocketTimeoutException) {
                throw e;
            }
        }
        try {
            return attempt(request);
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** How many times this connection was opened. */
    int opened() {
        return opened;
    }

    private Answer attempt(byte[] request) throws IOException {
        if (socket == null) {
            open();
        }
        out.write(request);
        Answer answer;
        while ((answer = reader.next()) == null) {
            if (!reader.fill(in)) {
                throw new EOFException("the server closed the connection");
            }
        }
        if (answer.close()) {
            close();
        }
        return answer;
    }

    private void open() throws IOException {
        socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("localhost", port), 5_000);
            socket.setSoTimeout(60_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
            opened++;
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() {
        reader.clear();
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken socket: nothing left to release
            }
            socket = null;
        }
    }
}
