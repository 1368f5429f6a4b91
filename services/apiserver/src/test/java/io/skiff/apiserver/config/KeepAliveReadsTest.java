package io.skiff.apiserver.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.netty.NettyPipeline;

class KeepAliveReadsTest {

    @Test
    void asksForTheNextReadOnceAResponseHasBeenWrittenAndNotBefore() {
        AtomicInteger reads = new AtomicInteger();
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAutoRead(false);
        channel.pipeline().addLast(NettyPipeline.HttpCodec, new ChannelDuplexHandler() {
            @Override
            public void read(ChannelHandlerContext ctx) {
                reads.incrementAndGet();
                ctx.read();
            }
        });
        channel.pipeline().addLast(NettyPipeline.HttpTrafficHandler, new ChannelDuplexHandler());
        KeepAliveReads.install(channel.pipeline());
        KeepAliveReads.install(channel.pipeline());
        assertThat(channel.pipeline().names())
                .containsSubsequence(
                        NettyPipeline.HttpCodec, KeepAliveReads.HANDLER_NAME, NettyPipeline.HttpTrafficHandler);
        assertThat(channel.pipeline().names().stream().filter(KeepAliveReads.HANDLER_NAME::equals))
                .hasSize(1);

        channel.writeOutbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        channel.writeOutbound(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[] {1})));
        assertThat(reads).hasValue(0);

        channel.writeOutbound(LastHttpContent.EMPTY_LAST_CONTENT);
        channel.runPendingTasks();
        assertThat(reads).hasValue(1);
        channel.finishAndReleaseAll();
    }
}
