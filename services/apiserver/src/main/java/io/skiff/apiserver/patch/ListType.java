package io.skiff.apiserver.patch;

/**
 * How server-side apply owns the items of a list ({@code x-kubernetes-list-type}, the Go marker
 * {@code +listType}).
 */
public enum ListType {
    /** Owned whole by one manager; an apply replaces it. */
    ATOMIC,
    /** A list of scalars owned value by value; an apply adds its values. */
    SET,
    /** A list of objects owned item by item, each named by its key fields. */
    MAP
}
