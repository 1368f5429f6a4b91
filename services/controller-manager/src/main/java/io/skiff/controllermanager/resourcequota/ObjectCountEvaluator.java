package io.skiff.controllermanager.resourcequota;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.skiff.component.informer.Lister;
import io.skiff.model.selector.LabelSelector;
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
final class ObjectCountEvaluator<T extends HasMetadata> implements UsageEvaluator<T> {

    private final String groupResource;
    private final List<String> names;
    private final Lister<T> objects;

    /**
     * @param legacyName the name quota used before count/ names existed ("secrets"), or null
     */
    ObjectCountEvaluator(String groupResource, String legacyName, Lister<T> objects) {
        this.groupResource = groupResource;
        List<String> all = new ArrayList<>(List.of(UsageEvaluator.objectCountName(groupResource)));
        if (legacyName != null) {
            all.add(legacyName);
        }
        this.names = List.copyOf(all);
        this.objects = objects;
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
    public List<T> list(String namespace) {
        return objects.list(namespace, LabelSelector.everything());
    }

    @Override
    public boolean countsDifferently(T before, T after) {
        return false;
    }
}
