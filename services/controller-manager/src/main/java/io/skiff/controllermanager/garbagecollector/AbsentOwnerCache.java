package io.skiff.controllermanager.garbagecollector;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Owners the API server has confirmed absent (Kubernetes' absentOwnerCache): a bounded LRU set, so
 * that the hundred pods of a deleted ReplicaSet cost one GET of it, not a hundred. Uids never come
 * back, so an entry cannot go stale.
 */
public final class AbsentOwnerCache {

    private final Map<ObjectIdentity, Boolean> owners;

    public AbsentOwnerCache(int capacity) {
        this.owners = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ObjectIdentity, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized void add(ObjectIdentity owner) {
        owners.put(owner, Boolean.TRUE);
    }

    public synchronized boolean contains(ObjectIdentity owner) {
        return owners.containsKey(owner);
    }
}
