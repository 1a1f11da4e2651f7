package io.stagedoor.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;

/**
 * Reads HTTP/1.1 answers from the bytes one connection received: the status line, the headers that frame the body
 * ({@code Content-Length}, {@code Transfer-Encoding: chunked}, {@code Connection: close}) and the body as bytes; every
 * other header is skipped unread. An answer with neither length nor chunks (204, 304) has no body.
 */
final class AnswerReader {

    private static final byte[] EMPTY = new byte[0];

    private byte[] buffer = new byte[16 * 1024];
    private int start;
    private int end;

    /** Reads what the stream has for this connection (blocking until it has something); false at the stream's end. */
    boolean fill(InputStream in) throws IOException {
        makeRoom();
        return received(in.read(buffer, end, buffer.length - end));
    }

    /** Reads what the channel has for this connection (perhaps nothing); false at the channel's end. */
    boolean fill(ReadableByteChannel channel) throws IOException {
        makeRoom();
        return received(channel.read(ByteBuffer.wrap(buffer, end, buffer.length - end)));
    }

    private void makeRoom() {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
    }

    private boolean received(int bytes) {
        if (bytes < 0) {
            return false;
        }
        end += bytes;
        return true;
    }

    /** Whether bytes of an answer not yet complete were received. */
    boolean pending() {
        return end > start;
    }

    /** Forgets what was received (the connection was closed). */
    void clear() {
        start = 0;
        end = 0;
    }

    /** The next complete answer, or null until more of it arrives. */
    Answer next() throws IOException {
        int headEnd = indexOf(start, "\r\n\r\n");
        if (headEnd < 0) {
            return null;
        }
        if (!startsWith(start, headEnd, "http/") || headEnd - start < 12) {
            throw new IOException("not an HTTP answer");
        }
        int status = (buffer[start + 9] - '0') * 100 + (buffer[start + 10] - '0') * 10 + (buffer[start + 11] - '0');
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (int line = indexOf(start, "\r\n") + 2; line < headEnd; ) {
            int lineEnd = indexOf(line, "\r\n");
            if (startsWith(line, lineEnd, "content-length:")) {
                length = number(line + "content-length:".length(), lineEnd, 10);
            } else if (startsWith(line, lineEnd, "transfer-encoding:")) {
                chunked = contains(line, lineEnd, "chunked");
            } else if (startsWith(line, lineEnd, "connection:")) {
                close = contains(line, lineEnd, "close");
            }
            line = lineEnd + 2;
        }
        int bodyStart = headEnd + 4;
        byte[] body;
        int answerEnd;
        if (chunked) {
            ByteArrayOutputStream chunks = new ByteArrayOutputStream();
            answerEnd = dechunk(bodyStart, chunks);
            if (answerEnd < 0) {
                return null;
            }
            body = chunks.toByteArray();
        } else if (length > 0) {
            if (end - bodyStart < length) {
                return null;
            }
            answerEnd = bodyStart + (int) length;
            body = Arrays.copyOfRange(buffer, bodyStart, answerEnd);
        } else {
            answerEnd = bodyStart;
            body = EMPTY;
        }
        start = answerEnd;
        if (start == end) {
            clear();
        }
        return new Answer(status, body, close);
    }

    /** The end of a chunked body starting at {@code at}, its data copied to {@code out}; -1 if not all received. */
    private int dechunk(int at, ByteArrayOutputStream out) throws IOException {
        while (true) {
            int lineEnd = indexOf(at, "\r\n");
            if (lineEnd < 0) {
                return -1;
            }
            long size = number(at, lineEnd, 16);
            at = lineEnd + 2;
            if (size == 0) {
                for (int trailerEnd = indexOf(at, "\r\n"); trailerEnd >= 0; trailerEnd = indexOf(at, "\r\n")) {
                    boolean last = trailerEnd == at;
                    at = trailerEnd + 2;
                    if (last) {
                        return at;
                    }
                }
                return -1;
            }
            if (end - at < size + 2) {
                return -1;
            }
            out.write(buffer, at, (int) size);
            at += (int) size + 2;
        }
    }

    /** The number at the start of [from, to), after spaces, up to anything that is not a digit (a chunk's ';'). */
    private long number(int from, int to, int radix) throws IOException {
        while (from < to && buffer[from] == ' ') {
            from++;
        }
        long value = 0;
        int digits = 0;
        for (; from < to && Character.digit(buffer[from], radix) >= 0; from++, digits++) {
            value = value * radix + Character.digit(buffer[from], radix);
        }
        if (digits == 0) {
            throw new IOException("a length that is not a number");
        }
        return value;
    }

    private int indexOf(int from, String wanted) {
        outer:
        for (int i = from; i <= end - wanted.length(); i++) {
            for (int j = 0; j < wanted.length(); j++) {
                if (buffer[i + j] != wanted.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private boolean startsWith(int from, int to, String lowerCasePrefix) {
        if (to - from < lowerCasePrefix.length()) {
            return false;
        }
        for (int j = 0; j < lowerCasePrefix.length(); j++) {
            if (Character.toLowerCase(buffer[from + j]) != lowerCasePrefix.charAt(j)) {
                return false;
            }
        }
        return true;
    }

    private boolean contains(int from, int to, String lowerCaseWord) {
        for (int i = from; i <= to - lowerCaseWord.length(); i++) {
            if (startsWith(i, to, lowerCaseWord)) {
                return true;
            }
        }
        return false;
    }
}
