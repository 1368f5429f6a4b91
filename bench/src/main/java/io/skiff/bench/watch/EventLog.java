package io.skiff.bench.watch;

import java.util.Arrays;

/**
 * Events one watcher received, kept in primitive arrays: a run collects millions of them and
 * boxing each would add garbage-collection work on the machine being measured. Written by the
 * watcher's delivery thread only; read after the end barrier, which orders the reads after it.
 */
final class EventLog {

    private long[] resourceVersions = new long[4096];
    private long[] arrivalNanos = new long[4096];
    private int[] nameHashes = new int[4096];
    private int size;

    void add(long resourceVersion, long arrival, int nameHash) {
        if (size == resourceVersions.length) {
            int capacity = size * 2;
            resourceVersions = Arrays.copyOf(resourceVersions, capacity);
            arrivalNanos = Arrays.copyOf(arrivalNanos, capacity);
            nameHashes = Arrays.copyOf(nameHashes, capacity);
        }
        resourceVersions[size] = resourceVersion;
        arrivalNanos[size] = arrival;
        nameHashes[size] = nameHash;
        size++;
    }

    int size() {
        return size;
    }

    long resourceVersion(int i) {
        return resourceVersions[i];
    }

    long arrivalNanos(int i) {
        return arrivalNanos[i];
    }

    int nameHash(int i) {
        return nameHashes[i];
    }
}
