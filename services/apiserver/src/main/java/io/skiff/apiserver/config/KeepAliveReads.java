package io.skiff.apiserver.config;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.LastHttpContent;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * Keeps HTTP/1.1 keep-alive connections reading after every response.
 *
 * <p>Reactor Netty reads a connection on demand. When a client's next request arrives before the
 * previous request's handling has fully ended (our writes answer from the registry's completion
 * thread, so the client can be that quick), Reactor Netty 1.3.6 buffers the request as pipelined;
 * if the event loop then answers it at once (a read from the watch cache), the buffer drains
 * without anyone asking for the next read, and the connection is never read again
 * (reactor-netty#4361, fixed after the versions Skiff can use). The client's next request then
 * waits forever: kubectl hung, and tests timed out after 30 s.
 *
 * <p>This asks for a read once each response has been written. Reading is on demand, so an extra
 * request is harmless: it only arms the interest that should have been armed.
 */
final class KeepAliveReads implements NettyServerCustomizer {

    static final String HANDLER_NAME = "skiff.keepAliveReads";

    @Override
    public HttpServer apply(HttpServer server) {
        return server.doOnChannelInit((observer, channel, remoteAddress) -> install(channel.pipeline()));
    }

    static void install(ChannelPipeline pipeline) {
        if (pipeline.get(HANDLER_NAME) != null) {
            return;
        }
        if (pipeline.get(NettyPipeline.HttpTrafficHandler) != null) {
            pipeline.addBefore(NettyPipeline.HttpTrafficHandler, HANDLER_NAME, new ReadAfterResponse());
        } else if (pipeline.get(NettyPipeline.HttpCodec) != null) {
            pipeline.addAfter(NettyPipeline.HttpCodec, HANDLER_NAME, new ReadAfterResponse());
        }
    }

    /** Requests the next read from the socket once the last part of a response is written. */
    @ChannelHandler.Sharable
    static final class ReadAfterResponse extends ChannelOutboundHandlerAdapter {

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof LastHttpContent) {
                ChannelPromise written = promise.unvoid();
                written.addListener(future -> {
                    if (future.isSuccess() && ctx.channel().isActive()) {
                        ctx.read();
                    }
                });
                ctx.write(msg, written);
                return;
            }
            ctx.write(msg, promise);
        }
    }
}
