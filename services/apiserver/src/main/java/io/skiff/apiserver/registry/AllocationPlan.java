package io.skiff.apiserver.registry;

import io.skiff.apiserver.storage.Allocation;
import io.skiff.model.api.ApiException;
import java.util.List;
import java.util.Optional;

/** What one write takes from and gives back to the pools; told how the write ended. */
public interface AllocationPlan {

    AllocationPlan NONE = new AllocationPlan() {
        @Override
        public List<Allocation> acquire() {
            return List.of();
        }

        @Override
        public List<Allocation> release() {
            return List.of();
        }

        @Override
        public Optional<ApiException> taken(Allocation allocation) {
            return Optional.empty();
        }

        @Override
        public void committed() {}

        @Override
        public void abandoned() {}
    };

    List<Allocation> acquire();

    List<Allocation> release();

    /**
     * The write was refused because another object holds {@code allocation}: the error for the client
     * when it asked for that value, empty when the value was picked here and the write should be
     * tried again with another.
     */
    Optional<ApiException> taken(Allocation allocation);

    /** The write committed. */
    void committed();

    /** The write did not commit (refused, conflicting, failed or a dry run). */
    void abandoned();

    default boolean isEmpty() {
        return acquire().isEmpty() && release().isEmpty();
    }
}
