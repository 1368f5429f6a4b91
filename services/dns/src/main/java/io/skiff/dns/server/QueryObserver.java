package io.skiff.dns.server;

/** Hears of every answered query (metrics); called on the serving thread, so it must be quick. */
@FunctionalInterface
public interface QueryObserver {

    QueryObserver NONE = query -> {};

    void answered(QueryRecord query);
}
