package io.skiff.apiserver.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.apiserver.testing.TestPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Whether the change feed follows the log, which readiness reports. */
class ChangeFeedTest {

    private static final ChangeFeed.Listener IGNORING = new ChangeFeed.Listener() {
        @Override
        public void changes(List<Change> changes) {}

        @Override
        public void fellBehind(CompactedException cause) {}
    };

    @Test
    void followsTheLogOnceItListensAndHasReadIt() throws InterruptedException {
        DatastoreEndpoint endpoint = new DatastoreEndpoint(TestPostgres.newDatabase(), TestPostgres.username(), null);
        RegistrySchema.migrate(endpoint);
        try (ChangeFeed feed = new ChangeFeed(endpoint, IGNORING, 0)) {
            assertThat(eventually(feed::following)).isTrue();
        }
    }

    @Test
    void doesNotFollowWhileTheDatabaseCannotBeReached() throws IOException, InterruptedException {
        DatastoreEndpoint nowhere =
                new DatastoreEndpoint("jdbc:postgresql://127.0.0.1:" + closedPort() + "/postgres", "postgres", null);
        try (ChangeFeed feed = new ChangeFeed(nowhere, IGNORING, 0)) {
            Thread.sleep(1_500);
            assertThat(feed.following()).isFalse();
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 100 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }
}
