package io.skiff.bench.load;

/** A write the server accepted: the object, the resourceVersion it got, and when it was sent. */
public record CommittedWrite(String name, String resourceVersion, long sentNanos) {}
