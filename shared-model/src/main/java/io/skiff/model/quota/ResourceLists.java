package io.skiff.model.quota;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** quota's ResourceList helpers (Add, Mask, Equals) on amounts keyed by resource name. */
public final class ResourceLists {

    private ResourceLists() {}

    /** The amounts of an object's resource list; null is an empty list. */
    public static Map<String, ResourceAmount> of(Map<String, Quantity> list) {
        Map<String, ResourceAmount> amounts = new LinkedHashMap<>();
        if (list != null) {
            list.forEach((name, quantity) -> {
                if (quantity != null) {
                    amounts.put(name, ResourceAmount.of(quantity));
                }
            });
        }
        return amounts;
    }

    /** quota.Add: {@code amounts} added into {@code into}, names missing there copied. */
    public static void addInto(Map<String, ResourceAmount> into, Map<String, ResourceAmount> amounts) {
        amounts.forEach((name, amount) -> into.merge(name, amount, ResourceAmount::plus));
    }

    /** maxResourceList: each name takes the larger amount. */
    public static void maxInto(Map<String, ResourceAmount> into, Map<String, ResourceAmount> amounts) {
        amounts.forEach((name, amount) -> into.merge(name, amount, ResourceAmount::max));
    }

    /** quota.Mask: only the names in {@code names}. */
    public static Map<String, ResourceAmount> mask(Map<String, ResourceAmount> amounts, Collection<String> names) {
        Map<String, ResourceAmount> masked = new LinkedHashMap<>();
        amounts.forEach((name, amount) -> {
            if (names.contains(name)) {
                masked.put(name, amount);
            }
        });
        return masked;
    }

    /** quota.Equals: the same names with the same values, whatever the formats. */
    public static boolean equal(Map<String, ResourceAmount> a, Map<String, ResourceAmount> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (Map.Entry<String, ResourceAmount> entry : a.entrySet()) {
            ResourceAmount other = b.get(entry.getKey());
            if (other == null || !other.sameValue(entry.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** The list as quantities for an object, sorted by name as Go's encoder writes maps. */
    public static Map<String, Quantity> toQuantities(Map<String, ResourceAmount> amounts) {
        Map<String, Quantity> list = new TreeMap<>();
        amounts.forEach((name, amount) -> list.put(name, amount.toQuantity()));
        return list;
    }
}
