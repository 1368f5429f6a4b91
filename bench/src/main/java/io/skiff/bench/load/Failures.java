package io.skiff.bench.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Failed requests by reason: an HTTP status ("409") or the exception that ended the exchange. */
public final class Failures {

    private final Map<String, LongAdder> byReason = new ConcurrentHashMap<>();

    public void record(String reason) {
        byReason.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    public void record(Throwable failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        record(cause.getClass().getSimpleName());
    }

    public long total() {
        return byReason.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public Map<String, Long> byReason() {
        Map<String, Long> copy = new TreeMap<>();
        byReason.forEach((reason, count) -> copy.put(reason, count.sum()));
        return copy;
    }
}
