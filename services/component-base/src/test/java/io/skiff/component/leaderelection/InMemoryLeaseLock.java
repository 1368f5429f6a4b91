package io.skiff.component.leaderelection;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.net.ConnectException;
import reactor.core.publisher.Mono;

/**
 * Test implementation of the {@link LeaseLock} port over an {@link InMemoryLeaseServer}. {@link
 * #setUnreachable} simulates a candidate cut off from the API server: every call then fails as a
 * refused connection would.
 */
final class InMemoryLeaseLock implements LeaseLock {

    private final InMemoryLeaseServer server;
    private final String namespace;
    private final String name;
    private final String identity;
    private volatile boolean unreachable;

    InMemoryLeaseLock(InMemoryLeaseServer server, String namespace, String name, String identity) {
        this.server = server;
        this.namespace = namespace;
        this.name = name;
        this.identity = identity;
    }

    void setUnreachable(boolean unreachable) {
        this.unreachable = unreachable;
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Mono<Lease> get() {
        return call(() -> server.get(namespace, name));
    }

    @Override
    public Mono<Lease> create(Lease lease) {
        return call(() -> server.create(lease));
    }

    @Override
    public Mono<Lease> update(Lease lease) {
        return call(() -> server.update(lease));
    }

    private Mono<Lease> call(java.util.concurrent.Callable<Lease> request) {
        return Mono.defer(() -> unreachable
                ? Mono.error(new ConnectException("connection refused (simulated partition)"))
                : Mono.fromCallable(request));
    }
}
