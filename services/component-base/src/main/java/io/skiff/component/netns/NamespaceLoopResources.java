package io.skiff.component.netns;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.StandardProtocolFamily;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * Reactor Netty event loops whose channels are opened inside a network namespace: pass it to
 * {@code HttpServer/HttpClient/TcpServer/TcpClient/UdpServer.runOn(...)} and every socket they
 * open (listening, connecting, datagram) lives in {@link NetworkNamespace}. Reactor Netty asks
 * {@link #onChannel} for each new channel; the underlying NIO channel is opened on the namespace's
 * thread and handed to Netty, whose NIO event loops serve it from any thread. The loops are
 * always NIO (never epoll), since the channels are NIO ones.
 */
public final class NamespaceLoopResources implements LoopResources {

    private final NetworkNamespace namespace;
    private final LoopResources loops;

    /** NIO loops named {@code prefix}, with Reactor Netty's default number of workers. */
    public NamespaceLoopResources(NetworkNamespace namespace, String prefix) {
        this(namespace, prefix, DEFAULT_IO_WORKER_COUNT);
    }

    /** NIO loops named {@code prefix} with {@code workers} worker threads. */
    public NamespaceLoopResources(NetworkNamespace namespace, String prefix, int workers) {
        this.namespace = namespace;
        this.loops = LoopResources.create(prefix, DEFAULT_IO_SELECT_COUNT, workers, true, false);
    }

    @Override
    public EventLoopGroup onServer(boolean useNative) {
        return loops.onServer(false);
    }

    @Override
    public EventLoopGroup onServerSelect(boolean useNative) {
        return loops.onServerSelect(false);
    }

    @Override
    public EventLoopGroup onClient(boolean useNative) {
        return loops.onClient(false);
    }

    @Override
    public <CHANNEL extends Channel> CHANNEL onChannel(Class<CHANNEL> channelType, EventLoopGroup group) {
        try {
            if (channelType == SocketChannel.class) {
                java.nio.channels.SocketChannel socket = namespace.call(java.nio.channels.SocketChannel::open);
                return channelType.cast(new NioSocketChannel(socket));
            }
            if (channelType == ServerSocketChannel.class) {
                java.nio.channels.ServerSocketChannel socket =
                        namespace.call(java.nio.channels.ServerSocketChannel::open);
                return channelType.cast(new NioServerSocketChannel(socket));
            }
            if (channelType == DatagramChannel.class) {
                java.nio.channels.DatagramChannel socket =
                        namespace.call(() -> java.nio.channels.DatagramChannel.open(StandardProtocolFamily.INET));
                return channelType.cast(new NioDatagramChannel(socket));
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot open a " + channelType.getSimpleName() + " in " + namespace, e);
        }
        throw new UnsupportedOperationException(
                "no " + channelType.getSimpleName() + " inside a network namespace (TCP and UDP only)");
    }

    @Override
    public <CHANNEL extends Channel> Class<? extends CHANNEL> onChannelClass(
            Class<CHANNEL> channelType, EventLoopGroup group) {
        return loops.onChannelClass(channelType, group);
    }

    @Override
    public boolean daemon() {
        return true;
    }

    @Override
    public Mono<Void> disposeLater(Duration quietPeriod, Duration timeout) {
        return loops.disposeLater(quietPeriod, timeout);
    }

    @Override
    public boolean isDisposed() {
        return loops.isDisposed();
    }
}
