package io.skiff.apiserver.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A write the registry commits atomically with a compare-and-swap on the object's revision. The
 * writer stamps {@code metadata.resourceVersion} into the object with the revision it assigns, so
 * the object must not be touched by anyone else once submitted.
 */
public sealed interface WriteOp {

    RegistryKey key();

    /** Creates an object that must not exist yet. */
    record Create(RegistryKey key, ObjectNode object) implements WriteOp {}

    /** Replaces the object stored at {@code expectedRevision}; {@code prevData} is that object. */
    record Update(RegistryKey key, long expectedRevision, ObjectNode object, byte[] prevData) implements WriteOp {}

    /**
     * Removes the object stored at {@code expectedRevision}; {@code lastState} is what watchers see in
     * the DELETED event, {@code prevData} the stored object.
     */
    record Delete(RegistryKey key, long expectedRevision, ObjectNode lastState, byte[] prevData) implements WriteOp {}

    /**
     * {@code write}, committed only together with taking {@code acquire} and giving back {@code
     * release}: if another object holds a value to acquire, nothing of it is written.
     */
    record Allocating(WriteOp write, List<Allocation> acquire, List<Allocation> release) implements WriteOp {
        public Allocating {
            if (write instanceof Allocating) {
                throw new IllegalArgumentException("allocations do not nest");
            }
            acquire = List.copyOf(acquire);
            release = List.copyOf(release);
        }

        @Override
        public RegistryKey key() {
            return write.key();
        }
    }

    /** The object write itself, without any allocations attached. */
    default WriteOp objectWrite() {
        return this instanceof Allocating allocating ? allocating.write() : this;
    }
}
