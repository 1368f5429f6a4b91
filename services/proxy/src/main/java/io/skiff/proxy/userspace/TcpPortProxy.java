package io.skiff.proxy.userspace;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * Listens on one address and relays each connection to an endpoint: the next in round-robin order,
 * or the one after it if that refuses or times out. A connection to a service without endpoints is
 * closed at once.
 */
final class TcpPortProxy implements PortProxy {

    private final EventLoopGroup group;
    private final NamespacedChannels channels;
    private final InetSocketAddress address;
    private final RoundRobin endpoints;
    private final Duration connectTimeout;
    private Channel server;

    TcpPortProxy(
            EventLoopGroup group,
            NamespacedChannels channels,
            InetSocketAddress address,
            RoundRobin endpoints,
            Duration connectTimeout) {
        this.group = group;
        this.channels = channels;
        this.address = address;
        this.endpoints = endpoints;
        this.connectTimeout = connectTimeout;
    }

    @Override
    public void start() throws InterruptedException {
        server = new ServerBootstrap()
                .group(group)
                .channelFactory((ChannelFactory<NioServerSocketChannel>)
                        () -> new NioServerSocketChannel(channels.serverSocket()))
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new Frontend());
                    }
                })
                .bind(address)
                .sync()
                .channel();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().awaitUninterruptibly(5000);
        }
    }

    private static void closeOnFlush(Channel channel) {
        if (channel.isActive()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** The client's side: connects onward, then relays what the client sends. */
    private final class Frontend extends ChannelInboundHandlerAdapter {

        private volatile Channel backend;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            connect(ctx.channel(), endpoints.order(), 0);
        }

        private void connect(Channel inbound, List<InetSocketAddress> order, int index) {
            if (index >= order.size() || !inbound.isActive()) {
                inbound.close();
                return;
            }
            ChannelFuture connecting = new Bootstrap()
                    .group(inbound.eventLoop())
                    .channelFactory((ChannelFactory<NioSocketChannel>) () -> new NioSocketChannel(channels.socket()))
                    .option(ChannelOption.AUTO_READ, false)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                    .handler(new Backend(inbound))
                    .connect(order.get(index));
            connecting.addListener((ChannelFutureListener) connected -> {
                if (connected.isSuccess()) {
                    backend = connected.channel();
                    inbound.read();
                } else {
                    connect(inbound, order, index + 1);
                }
            });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            backend.writeAndFlush(message).addListener((ChannelFutureListener) written -> {
                if (written.isSuccess()) {
                    ctx.channel().read();
                } else {
                    written.channel().close();
                }
            });
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (backend != null) {
                closeOnFlush(backend);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            closeOnFlush(ctx.channel());
        }
    }

    /** The endpoint's side: relays what the endpoint answers back to the client. */
    private static final class Backend extends ChannelInboundHandlerAdapter {

        private final Channel inbound;

        Backend(Channel inbound) {
            this.inbound = inbound;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.read();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            inbound.writeAndFlush(message).addListener((ChannelFutureListener) written -> {
                if (written.isSuccess()) {
                    ctx.channel().read();
                } else {
                    written.channel().close();
                }
            });
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closeOnFlush(inbound);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            closeOnFlush(ctx.channel());
        }
    }
}
