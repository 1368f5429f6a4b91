package io.skiff.bench.load;

/**
 * A write the server accepted: the object, the resourceVersion it got, when it was sent and when its
 * answer arrived (System.nanoTime).
 */
public record CommittedWrite(String name, String resourceVersion, long sentNanos, long ackedNanos) {}
