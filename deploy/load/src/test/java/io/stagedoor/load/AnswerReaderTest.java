package io.stagedoor.load;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnswerReaderTest {

    private final AnswerReader reader = new AnswerReader();

    @Test
    void anAnswerIsReadOnlyOnceAllOfItsBodyHasArrived() throws IOException {
        byte[] answer = bytes("HTTP/1.1 201 \r\nETag: \"3\"\r\ncontent-LENGTH: 13\r\n\r\n{\"version\":3}");

        for (int i = 0; i < answer.length - 1; i++) {
            receive(Arrays.copyOfRange(answer, i, i + 1));
            assertThat(reader.next()).isNull();
            assertThat(reader.pending()).isTrue();
        }
        receive(Arrays.copyOfRange(answer, answer.length - 1, answer.length));
        Answer read = reader.next();

        assertThat(read.status()).isEqualTo(201);
        assertThat(read.text()).isEqualTo("{\"version\":3}");
        assertThat(read.close()).isFalse();
        assertThat(reader.pending()).isFalse();
    }

    @Test
    void aChunkedBodyIsJoinedWhereverTheReadsSplitIt() throws IOException {
        byte[] answer = bytes("HTTP/1.1 200 \r\nTransfer-Encoding: chunked\r\n\r\n"
                + "7\r\n{\"meeti\r\n" + "b;name=value\r\nngId\":\"m-1\"\r\n" + "2\r\n}\n\r\n" + "0\r\nX-Trailer: t\r\n\r\n");

        for (int split = 1; split < answer.length; split++) {
            AnswerReader fresh = new AnswerReader();
            fresh.fill(new ByteArrayInputStream(answer, 0, split));
            assertThat(fresh.next()).as("split at %d", split).isNull();
            fresh.fill(new ByteArrayInputStream(answer, split, answer.length - split));
            assertThat(fresh.next().text()).as("split at %d", split).isEqualTo("{\"meetingId\":\"m-1\"}\n");
        }
    }

    @Test
    void answersReceivedTogetherAreReadInTurn() throws IOException {
        receive(bytes("HTTP/1.1 200 \r\nContent-Length: 2\r\n\r\n{}" + "HTTP/1.1 429 \r\nContent-Length: 1\r\n\r\nx"
                + "HTTP/1.1 200 \r\nContent-Le"));

        assertThat(reader.next().status()).isEqualTo(200);
        assertThat(reader.next().status()).isEqualTo(429);
        assertThat(reader.next()).isNull();
        assertThat(reader.pending()).isTrue();
    }

    @Test
    void anAnswerThatClosesTheConnectionSaysSo() throws IOException {
        receive(bytes("HTTP/1.1 503 \r\nConnection: Close\r\nContent-Length: 0\r\n\r\n"));

        Answer read = reader.next();

        assertThat(read.status()).isEqualTo(503);
        assertThat(read.close()).isTrue();
        assertThat(read.body()).isEmpty();
    }

    @Test
    void anAnswerWithoutLengthOrChunksHasNoBody() throws IOException {
        receive(bytes("HTTP/1.1 204 \r\nX-Content-Type-Options: nosniff\r\n\r\nHTTP/1.1 200 \r\nContent-Length: 2\r\n\r\nok"));

        assertThat(reader.next().body()).isEmpty();
        assertThat(reader.next().text()).isEqualTo("ok");
    }

    @Test
    void anAnswerLargerThanTheBufferIsRead() throws IOException {
        String body = "x".repeat(100_000);
        byte[] answer = bytes("HTTP/1.1 200 \r\nContent-Length: 100000\r\n\r\n" + body);

        for (int at = 0; at < answer.length; at += 4096) {
            receive(Arrays.copyOfRange(answer, at, Math.min(answer.length, at + 4096)));
        }

        assertThat(reader.next().text()).isEqualTo(body);
    }

    @Test
    void bytesThatAreNotAnHttpAnswerAreRefused() throws IOException {
        receive(bytes("SSH-2.0-OpenSSH_9.2\r\n\r\n"));

        assertThatThrownBy(reader::next).isInstanceOf(IOException.class);
    }

    private void receive(byte[] bytes) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        while (in.available() > 0) {
            reader.fill(in);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
