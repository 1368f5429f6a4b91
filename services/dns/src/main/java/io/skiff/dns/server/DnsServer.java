package io.skiff.dns.server;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The DNS server: UDP and TCP on the same port at each {@link ListenAddress}, answered by one
 * {@link QueryHandler}. Sockets for an address in another network namespace are opened inside it
 * and served from here.
 */
public final class DnsServer implements AutoCloseable {

    private static final int FREE_PORT_ATTEMPTS = 20;
    private static final int ACCEPT_BACKLOG = 128;

    private final List<AutoCloseable> listeners = new ArrayList<>();
    private final List<InetSocketAddress> addresses = new ArrayList<>();
    private final ExecutorService workers;
    private final ExecutorService connections;
    private final QueryHandler handler;
    private final QueryObserver observer;
    private final ServerSettings settings;

    private DnsServer(QueryHandler handler, QueryObserver observer, ServerSettings settings) {
        this.handler = handler;
        this.observer = observer;
        this.settings = settings;
        this.workers = new ThreadPoolExecutor(
                settings.workers(),
                settings.workers(),
                0,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(settings.udpBacklog()),
                daemonThreads("dns-worker-"));
        this.connections = new ThreadPoolExecutor(
                0,
                settings.maxTcpConnections(),
                30,
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                daemonThreads("dns-tcp-conn-"));
    }

    /**
     * Binds every address (UDP and TCP) and starts serving.
     *
     * @throws IOException when an address cannot be bound; nothing is left open then
     */
    public static DnsServer start(
            QueryHandler handler, QueryObserver observer, ServerSettings settings, List<ListenAddress> listens)
            throws IOException {
        if (listens.isEmpty()) {
            throw new IllegalArgumentException("the DNS server needs at least one address to listen on");
        }
        DnsServer server = new DnsServer(handler, observer, settings);
        try {
            for (ListenAddress listen : listens) {
                server.listen(listen);
            }
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The addresses served, with their actual ports, in the order they were added. */
    public synchronized List<InetSocketAddress> addresses() {
        return List.copyOf(addresses);
    }

    /** The port of the first address. */
    public synchronized int port() {
        return addresses.get(0).getPort();
    }

    /**
     * Serves one more address (UDP and TCP); port 0 means the first address's port, or a free one
     * for the first address.
     *
     * @return the address bound, with its port
     * @throws IOException when it cannot be bound (e.g. the address does not exist yet)
     */
    public synchronized InetSocketAddress listen(ListenAddress requested) throws IOException {
        ListenAddress listen = requested.address().getPort() == 0 && !addresses.isEmpty()
                ? requested.withPort(addresses.get(0).getPort())
                : requested;
        Sockets sockets = listen.address().getPort() == 0 ? freePortSockets(listen) : sockets(listen);
        InetSocketAddress bound = new InetSocketAddress(
                listen.address().getAddress(), sockets.udp().getLocalPort());
        Served served =
                new Served(handler, observer, "dns://" + bound.getAddress().getHostAddress() + ":" + bound.getPort());
        UdpListener udp = new UdpListener(sockets.udp(), served, workers);
        TcpListener tcp = new TcpListener(sockets.tcp(), served, connections, settings.tcpIdleTimeout());
        listeners.add(udp);
        listeners.add(tcp);
        addresses.add(bound);
        udp.start();
        tcp.start();
        return bound;
    }

    private record Sockets(DatagramSocket udp, ServerSocket tcp) {}

    /** A free UDP port that is free for TCP too. */
    private static Sockets freePortSockets(ListenAddress listen) throws IOException {
        BindException last = null;
        for (int attempt = 0; attempt < FREE_PORT_ATTEMPTS; attempt++) {
            DatagramSocket udp = open(listen, () -> new DatagramSocket(listen.address()));
            try {
                InetSocketAddress tcpAddress =
                        new InetSocketAddress(listen.address().getAddress(), udp.getLocalPort());
                ServerSocket tcp = open(
                        listen, () -> new ServerSocket(tcpAddress.getPort(), ACCEPT_BACKLOG, tcpAddress.getAddress()));
                return new Sockets(udp, tcp);
            } catch (BindException e) {
                udp.close();
                last = e;
            }
        }
        throw last;
    }

    private static Sockets sockets(ListenAddress listen) throws IOException {
        DatagramSocket udp = open(listen, () -> new DatagramSocket(listen.address()));
        try {
            ServerSocket tcp = open(
                    listen,
                    () -> new ServerSocket(
                            listen.address().getPort(),
                            ACCEPT_BACKLOG,
                            listen.address().getAddress()));
            return new Sockets(udp, tcp);
        } catch (IOException | RuntimeException e) {
            udp.close();
            throw e;
        }
    }

    @FunctionalInterface
    private interface SocketOpener<T> {
        T open() throws IOException;
    }

    /** Opens a socket in the listen address's namespace (here when it names none). */
    private static <T> T open(ListenAddress listen, SocketOpener<T> opener) throws IOException {
        if (listen.namespace().isEmpty()) {
            return opener.open();
        }
        try {
            return listen.namespace().get().call(opener::open);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(
                    "cannot listen on " + listen.address() + " in "
                            + listen.namespace().get(),
                    e);
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable listener : listeners) {
            try {
                listener.close();
            } catch (Exception ignored) {
                // closing the rest matters more
            }
        }
        workers.shutdownNow();
        connections.shutdownNow();
    }
}
