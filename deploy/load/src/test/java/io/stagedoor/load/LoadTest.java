package io.stagedoor.load;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class LoadTest {

    private static final Duration NO_SERVER_CPU = Duration.ZERO;

    @Test
    void anOpenLoopMeasuresLatencyFromWhenEachRequestWasDueNotWhenItCouldBeSent() throws IOException {
        try (TestServer slow = new TestServer(request -> new TestServer.Reply(200, "{}", false, false, false, 40))) {
            Load.Result run = load(slow).open(50, 1, 1, () -> get(slow, "/slow"));

            assertThat(run.completed()).isEqualTo(50);
            // each answer takes 40 ms, so the 50 requests of one second take two: the last one waited about a second
            assertThat(run.latencyMicros().getMaxValue()).isGreaterThan(900_000);
            assertThat(run.latencyMicros().getValueAtPercentile(50)).isGreaterThan(200_000);
            assertThat(run.keptUp()).isFalse();
        }
    }

    @Test
    void anOpenLoopTheServerKeepsUpWithSendsAtTheRate() throws IOException {
        try (TestServer fast = new TestServer(request -> TestServer.Reply.ok("{\"version\":1}"))) {
            Load.Result run = load(fast).open(200, 2, 4, () -> get(fast, "/fast"));

            assertThat(run.completed()).isEqualTo(400);
            assertThat(run.achievedRate()).isBetween(180.0, 210.0);
            assertThat(fast.connections).hasValueLessThanOrEqualTo(4);
        }
    }

    @Test
    void aBurstSendsEachRequestOnceOverItsConnections() throws IOException {
        try (TestServer echo = new TestServer(request -> TestServer.Reply.ok("{\"version\":"
                + request.line().split(" ")[1].substring(1) + "}"))) {
            List<Long> versions = new CopyOnWriteArrayList<>();

            Load.Result run = load(echo).burst(100, 8, i -> new Load.Exchange(
                    new Requests(echo.port(), null).encode("GET", "/" + i, null), answer -> versions.add(answer.version())));

            assertThat(run.completed()).isEqualTo(100);
            assertThat(versions).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 100).mapToObj(i -> (long) i).toList());
            assertThat(echo.requests).hasValue(100);
            assertThat(echo.connections).hasValueLessThanOrEqualTo(8);
        }
    }

    @Test
    void aConnectionTheServerClosesAfterAnsweringIsOpenedAgain() throws IOException {
        try (TestServer closing = new TestServer(request -> new TestServer.Reply(200, "{}", true, true, true, 0))) {
            Load.Result run = load(closing).burst(20, 2, i -> get(closing, "/closing"));

            assertThat(run.completed()).isEqualTo(20);
            assertThat(run.connectionsOpened()).isEqualTo(20);
        }
    }

    @Test
    void aRequestThatMetAKeptAliveConnectionTheServerHadClosedIsSentAgainOnANewOne() throws IOException {
        // the server drops each connection after its answer without saying so, as one does after its keep-alive timeout
        try (TestServer dropping = new TestServer(request -> new TestServer.Reply(200, "{}", false, true, false, 0))) {
            Load.Result run = load(dropping).burst(20, 1, i -> get(dropping, "/dropping"));

            assertThat(run.completed()).isEqualTo(20);
            assertThat(run.failed()).isZero();
            assertThat(dropping.requests).hasValue(20);
        }
    }

    @Test
    void serverErrorsFailAndRefusalsAreCountedApart() throws IOException {
        try (TestServer server = new TestServer(request -> request.line().contains("/fail")
                ? new TestServer.Reply(503, "{}", true, false, false, 0)
                : request.line().contains("/limited") ? new TestServer.Reply(429, "{}", false, false, false, 0)
                : TestServer.Reply.ok("{}"))) {
            Load.Result run = load(server).burst(30, 3, i -> get(server, List.of("/ok", "/fail", "/limited").get(i % 3)));

            assertThat(run.completed()).isEqualTo(20);
            assertThat(run.rateLimited()).isEqualTo(10);
            assertThat(run.failed()).isEqualTo(10);
            assertThat(run.serverErrors()).isEqualTo(10);
        }
    }

    @Test
    void requestsToAServerThatIsNotThereFailWithoutAnAnswer() throws IOException {
        // a port held bound but never listening: connecting is refused, and no client socket can be given it as its
        // own port (a connection to a free port of the ephemeral range can connect to itself, and read its request
        // back as an answer)
        try (Socket nobody = new Socket()) {
            nobody.bind(new InetSocketAddress(0));
            int port = nobody.getLocalPort();

            Load.Result run = new Load(port, new Cpu(() -> NO_SERVER_CPU))
                    .burst(5, 2, i -> new Load.Exchange(new Requests(port, null).encode("GET", "/", null)));

            assertThat(run.failed()).isEqualTo(5);
            assertThat(run.serverErrors()).isZero();
            assertThat(run.completed()).isZero();
        }
    }

    @Test
    void eachRunReportsTheGeneratorsCpuPerRequest() throws IOException {
        try (TestServer fast = new TestServer(request -> TestServer.Reply.ok("{}"))) {
            Load.Result run = load(fast).closed(4, 1, () -> get(fast, "/"));

            assertThat(run.cpu().requests()).isEqualTo(run.answered()).isPositive();
            assertThat(run.cpu().generator()).isPositive();
            assertThat(run.cpu().generatorOverHalf()).isTrue();
        }
    }

    private static Load load(TestServer server) {
        return new Load(server.port(), new Cpu(() -> NO_SERVER_CPU));
    }

    private static Load.Exchange get(TestServer server, String path) {
        return new Load.Exchange(new Requests(server.port(), null).encode("GET", path, null));
    }
}
