package io.skiff.component.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.model.api.ApiException;
import io.skiff.model.api.Statuses;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class ConflictsTest {

    private final AtomicInteger runs = new AtomicInteger();

    /** A read-modify-write that loses the race {@code conflicts} times, then writes. */
    private Mono<String> losingTimes(int conflicts) {
        return Mono.fromSupplier(runs::incrementAndGet)
                .flatMap(run -> run <= conflicts
                        ? Mono.error(Statuses.staleResourceVersion("", "configmaps", "a"))
                        : Mono.just("written on run " + run));
    }

    @Test
    void theWholeFunctionRunsAgainAfterAConflict() {
        StepVerifier.create(Conflicts.retryOnConflict(() -> losingTimes(2)))
                .expectNext("written on run 3")
                .expectComplete()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void theLastConflictIsTheErrorOnceTheStepsRunOut() {
        StepVerifier.create(Conflicts.retryOnConflict(() -> losingTimes(100)))
                .expectErrorSatisfies(
                        error -> assertThat(Conflicts.isConflict(error)).isTrue())
                .verify(Duration.ofSeconds(5));
        assertThat(runs).hasValue(Conflicts.DEFAULT_RETRY.steps());
    }

    @Test
    void alreadyExistsIsNotAConflict() {
        Mono<String> create = Mono.defer(() -> {
            runs.incrementAndGet();
            return Mono.error(Statuses.alreadyExists("", "configmaps", "a"));
        });
        StepVerifier.create(Conflicts.retryOnConflict(() -> create))
                .expectErrorSatisfies(
                        error -> assertThat(((ApiException) error).reason()).isEqualTo("AlreadyExists"))
                .verify(Duration.ofSeconds(5));
        assertThat(runs).hasValue(1);
    }

    @Test
    void aCustomBackoffBoundsTheRuns() {
        Conflicts.Backoff twice = new Conflicts.Backoff(2, Duration.ofMillis(1), 2.0, 0.1);
        StepVerifier.create(Conflicts.retryOnConflict(twice, () -> losingTimes(5)))
                .expectError(ApiException.class)
                .verify(Duration.ofSeconds(5));
        assertThat(runs).hasValue(2);
    }
}
