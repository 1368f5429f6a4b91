package io.skiff.component.resilience;

import io.skiff.model.api.ApiException;
import java.util.function.Predicate;

/**
 * Which failures a request may be repeated after. A read can always be repeated; a write only when
 * it is known not to have been applied, because repeating an applied create or patch would apply
 * it twice. A 409 is never retried here: a conflict needs a fresh read first ({@link Conflicts}).
 */
public enum RetryRule implements Predicate<Throwable> {

    /** GET, list and watch opening: flow control, server errors and any transport failure. */
    READ {
        @Override
        public boolean test(Throwable error) {
            if (error instanceof ApiException api) {
                return api.code() == 429 || Failures.isServerErrorCode(api.code());
            }
            return Failures.nothingSent(error) || Failures.isTransportFailure(error);
        }
    },

    /**
     * Writes: only when nothing reached a server, or the server shed the request before handling
     * it, which it says with 429 or 503 and a Retry-After (max-in-flight and priority-and-fairness
     * limits), as client-go retries only replies that carry Retry-After.
     */
    WRITE {
        @Override
        public boolean test(Throwable error) {
            if (error instanceof ApiException api) {
                return (api.code() == 429 || api.code() == 503)
                        && Failures.retryAfter(error).isPresent();
            }
            return Failures.nothingSent(error);
        }
    },

    /**
     * Requests whose refusal carries meaning for the caller, such as an eviction blocked by a
     * disruption budget (429): repeated only when nothing reached a server.
     */
    UNSENT_ONLY {
        @Override
        public boolean test(Throwable error) {
            return !(error instanceof ApiException) && Failures.nothingSent(error);
        }
    }
}
