package io.stagedoor.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on loopback between an application and its database, to take the database away as an immediate
 * shutdown would: {@link #cut()} resets every open connection and refuses new ones until {@link #restore()}.
 */
public final class TcpProxy implements AutoCloseable {

    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;

    private TcpProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = bind(0);
        this.port = listener.getLocalPort();
        acceptOn(listener);
    }

    /** A proxy to the host and port of a {@code jdbc:postgresql://host:port/database} URL. */
    public static TcpProxy forJdbcUrl(String jdbcUrl) throws IOException {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        return new TcpProxy(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort()));
    }

    /** The same database, reached through this proxy. */
    public TestDatabase.Credentials through(TestDatabase.Credentials database) {
        URI uri = URI.create(database.url().substring("jdbc:".length()));
        String url = database.url().replace(uri.getHost() + ":" + uri.getPort(), "127.0.0.1:" + port);
        return new TestDatabase.Credentials(url, database.username(), database.password());
    }

    /** Resets every connection through the proxy and refuses new ones. */
    public synchronized void cut() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            try {
                socket.setSoLinger(true, 0);
            } catch (IOException alreadyClosed) {
                // nothing to reset
            }
            closeQuietly(socket);
        }
        sockets.clear();
    }

    /** Accepts connections again, on the same port. */
    public synchronized void restore() throws IOException {
        if (listener.isClosed()) {
            listener = bind(port);
            acceptOn(listener);
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress("127.0.0.1", port));
        return socket;
    }

    private void acceptOn(ServerSocket server) {
        daemon("proxy-accept-" + port, () -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket upstream = new Socket(target.getAddress(), target.getPort());
                    sockets.add(client);
                    sockets.add(upstream);
                    if (server.isClosed()) {
                        closeQuietly(client);
                        closeQuietly(upstream);
                        continue;
                    }
                    daemon("proxy-up", () -> pump(client, upstream));
                    daemon("proxy-down", () -> pump(upstream, client));
                } catch (IOException closedOrRefused) {
                    // cut, or the database refused: the client sees its connection end
                }
            }
        });
    }

    private void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException ended) {
            // one side closed or was cut
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }
}
