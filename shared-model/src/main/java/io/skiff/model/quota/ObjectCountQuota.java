package io.skiff.model.quota;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counting the objects of a kind (generic.NewObjectCountEvaluator): {@code count/<resource>.<group>},
 * and for configmaps, secrets, replicationcontrollers and resourcequotas also their legacy name.
 *
 * @param <T> the kind of object
 */
public final class ObjectCountQuota<T extends HasMetadata> implements QuotaEvaluator<T> {

    private final String groupResource;
    private final List<String> names;

    /**
     * @param legacyName the name quota used before count/ names existed ("secrets"), or null
     */
    public ObjectCountQuota(String groupResource, String legacyName) {
        this.groupResource = groupResource;
        List<String> all = new ArrayList<>(List.of(QuotaEvaluator.objectCountName(groupResource)));
        if (legacyName != null) {
            all.add(legacyName);
        }
        this.names = List.copyOf(all);
    }

    @Override
    public String groupResource() {
        return groupResource;
    }

    @Override
    public List<String> matchingResources(Collection<String> candidates) {
        return candidates.stream().filter(names::contains).toList();
    }

    @Override
    public Map<String, ResourceAmount> usage(T object) {
        Map<String, ResourceAmount> usage = new LinkedHashMap<>();
        names.forEach(name -> usage.put(name, ResourceAmount.of(1)));
        return usage;
    }

    @Override
    public boolean countsDifferently(T before, T after) {
        return false;
    }
}
