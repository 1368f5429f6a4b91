package io.skiff.proxy.userspace;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Listens for datagrams on one address. Each client address gets a session: a socket connected to
 * one endpoint (picked round robin when the session starts, or by ClientIP affinity), through which its datagrams go and
 * the endpoint's replies come back, sent to the client from the service address. A session ends
 * after the idle timeout without traffic either way. Datagrams to a service without endpoints are
 * dropped.
 */
final class UdpPortProxy implements PortProxy {

    private final EventLoopGroup group;
    private final NamespacedChannels channels;
    private final InetSocketAddress address;
    private final RoundRobin endpoints;
    private final Duration idleTimeout;
    private final Map<InetSocketAddress, ChannelFuture> sessions = new ConcurrentHashMap<>();
    private Channel listener;

    UdpPortProxy(
            EventLoopGroup group,
            NamespacedChannels channels,
            InetSocketAddress address,
            RoundRobin endpoints,
            Duration idleTimeout) {
        this.group = group;
        this.channels = channels;
        this.address = address;
        this.endpoints = endpoints;
        this.idleTimeout = idleTimeout;
    }

    @Override
    public void start() throws InterruptedException {
        listener = new Bootstrap()
                .group(group)
                .channelFactory((ChannelFactory<NioDatagramChannel>) () -> new NioDatagramChannel(channels.datagram()))
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        forward(packet.sender(), packet.content());
                    }
                })
                .bind(address)
                .sync()
                .channel();
    }

    @Override
    public void close() {
        sessions.values().forEach(session -> session.channel().close());
        sessions.clear();
        if (listener != null) {
            listener.close().awaitUninterruptibly(5000);
        }
    }

    private void forward(InetSocketAddress client, ByteBuf content) {
        ChannelFuture session = sessions.get(client);
        if (session == null) {
            List<InetSocketAddress> order = endpoints.order(client.getAddress());
            if (order.isEmpty()) {
                return;
            }
            endpoints.reached(client.getAddress(), order.get(0));
            session = open(client, order.get(0));
            sessions.put(client, session);
        }
        ByteBuf payload = content.retain();
        session.addListener((ChannelFutureListener) connected -> {
            if (connected.isSuccess()) {
                connected.channel().writeAndFlush(payload);
            } else {
                payload.release();
                sessions.remove(client, connected);
            }
        });
    }

    private ChannelFuture open(InetSocketAddress client, InetSocketAddress endpoint) {
        ChannelFuture connecting = new Bootstrap()
                .group(listener.eventLoop())
                .channelFactory((ChannelFactory<NioDatagramChannel>) () -> new NioDatagramChannel(channels.datagram()))
                .handler(new ChannelInitializer<NioDatagramChannel>() {
                    @Override
                    protected void initChannel(NioDatagramChannel channel) {
                        channel.pipeline()
                                .addLast(new IdleStateHandler(0, 0, idleTimeout.toMillis(), TimeUnit.MILLISECONDS))
                                .addLast(new SimpleChannelInboundHandler<DatagramPacket>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket reply) {
                                        listener.writeAndFlush(new DatagramPacket(
                                                reply.content().retain(), client, address));
                                    }

                                    @Override
                                    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                                        if (event instanceof IdleStateEvent) {
                                            ctx.close();
                                        }
                                    }
                                });
                    }
                })
                .connect(endpoint);
        connecting.channel().closeFuture().addListener((ChannelFutureListener)
                closed -> sessions.remove(client, connecting));
        return connecting;
    }
}
