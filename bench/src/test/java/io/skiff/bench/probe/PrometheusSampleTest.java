package io.skiff.bench.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusSampleTest {

    @Test
    void increaseOfUnlabelledCounters() {
        PrometheusSample before = PrometheusSample.parse("""
                # HELP skiff_storage_commit_batch_size Writes committed per transaction
                skiff_storage_commit_batch_size_count 10
                skiff_storage_commit_batch_size_sum 25.0
                http_server_requests_seconds_count{uri="/api/**"} 3
                """);
        PrometheusSample after = PrometheusSample.parse("""
                skiff_storage_commit_batch_size_count 14
                skiff_storage_commit_batch_size_sum 45.0
                """);

        assertThat(after.increase(before, "skiff_storage_commit_batch_size_count"))
                .isEqualTo(4.0);
        assertThat(after.increase(before, "skiff_storage_commit_batch_size_sum"))
                .isEqualTo(20.0);
        assertThat(after.increase(before, "http_server_requests_seconds_count")).isNaN();
    }
}
