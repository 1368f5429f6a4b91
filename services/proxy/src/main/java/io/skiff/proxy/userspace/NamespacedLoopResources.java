package io.skiff.proxy.userspace;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * Reactor Netty's event loops, with every channel it asks for opened in the node's network: the
 * channel factory of a TCP server or client goes through {@link #onChannel}, which wraps a JDK
 * channel created inside the namespace into the matching Netty NIO channel. Servers and clients
 * must run on these resources without native transports ({@code runOn(loops, false)}).
 */
final class NamespacedLoopResources implements LoopResources {

    private final LoopResources loops = LoopResources.create("proxy-userspace", 1, 2, true);
    private final NamespacedChannels channels;

    NamespacedLoopResources(NamespacedChannels channels) {
        this.channels = channels;
    }

    @Override
    public <C extends Channel> C onChannel(Class<C> channelType, EventLoopGroup group) {
        if (ServerSocketChannel.class.isAssignableFrom(channelType)) {
            return channelType.cast(new NioServerSocketChannel(channels.serverSocket()));
        }
        if (SocketChannel.class.isAssignableFrom(channelType)) {
            return channelType.cast(new NioSocketChannel(channels.socket()));
        }
        if (DatagramChannel.class.isAssignableFrom(channelType)) {
            return channelType.cast(new NioDatagramChannel(channels.datagram()));
        }
        return loops.onChannel(channelType, group);
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
    public boolean daemon() {
        return true;
    }

    @Override
    public void dispose() {
        loops.dispose();
    }

    @Override
    public boolean isDisposed() {
        return loops.isDisposed();
    }

    @Override
    public Mono<Void> disposeLater() {
        return loops.disposeLater();
    }
}
