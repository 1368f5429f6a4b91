package io.skiff.apiserver.allocation;

import io.skiff.apiserver.registry.AllocationPlan;
import io.skiff.apiserver.storage.Allocation;
import io.skiff.model.api.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The values one Service write takes and gives back, and what to do once the write has ended. */
final class ServicePlan implements AllocationPlan {

    /** A value to take: picked here, or asked for by the client (then refusal is the client's error). */
    private record Claim(
            AllocationPool pool, int offset, Allocation allocation, boolean held, Supplier<ApiException> refusal) {}

    private record Release(AllocationPool pool, Allocation allocation) {}

    private final String owner;
    private final List<Claim> claims = new ArrayList<>();
    private final List<Release> releases = new ArrayList<>();
    private boolean ended;

    ServicePlan(String owner) {
        this.owner = owner;
    }

    void picked(AllocationPool pool, int offset) {
        claims.add(new Claim(pool, offset, allocation(pool, offset), true, null));
    }

    void requested(AllocationPool pool, int offset, boolean held, Supplier<ApiException> refusal) {
        claims.add(new Claim(pool, offset, allocation(pool, offset), held, refusal));
    }

    void release(AllocationPool pool, String value, String previousOwner) {
        releases.add(new Release(pool, new Allocation(pool.name(), value, previousOwner)));
    }

    boolean claims(AllocationPool pool, int offset) {
        return claims.stream().anyMatch(c -> c.pool == pool && c.offset == offset);
    }

    @Override
    public List<Allocation> acquire() {
        return claims.stream().map(Claim::allocation).toList();
    }

    @Override
    public List<Allocation> release() {
        return releases.stream().map(Release::allocation).toList();
    }

    @Override
    public Optional<ApiException> taken(Allocation allocation) {
        for (Claim claim : claims) {
            if (claim.allocation.equals(allocation)) {
                claim.pool.takenElsewhere(claim.offset);
                return claim.refusal == null ? Optional.empty() : Optional.of(claim.refusal.get());
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized void committed() {
        if (ended) {
            return;
        }
        ended = true;
        for (Claim claim : claims) {
            if (claim.held) {
                claim.pool.committed(claim.offset);
            } else {
                claim.pool.takenElsewhere(claim.offset);
            }
        }
        for (Release release : releases) {
            release.pool.offsetOf(release.allocation.value()).ifPresent(release.pool::released);
        }
    }

    @Override
    public synchronized void abandoned() {
        if (ended) {
            return;
        }
        ended = true;
        for (Claim claim : claims) {
            if (claim.held) {
                claim.pool.abandoned(claim.offset);
            }
        }
    }

    private Allocation allocation(AllocationPool pool, int offset) {
        return new Allocation(pool.name(), pool.valueAt(offset), owner);
    }
}
