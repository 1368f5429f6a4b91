package io.skiff.apiserver.watch;

import io.skiff.model.selector.FieldSelector;
import io.skiff.model.selector.LabelSelector;

/**
 * Which objects a list or watch wants: an optional namespace and name, and label and field
 * selectors.
 */
public record WatchFilter(String namespace, String name, LabelSelector labels, FieldSelector fields) {

    public static WatchFilter all() {
        return new WatchFilter(null, null, LabelSelector.everything(), FieldSelector.everything());
    }

    public boolean matches(CachedObject object) {
        if (namespace != null && !namespace.equals(object.key().namespace())) {
            return false;
        }
        if (name != null && !name.equals(object.key().name())) {
            return false;
        }
        return labels.matches(object.labels()) && fields.matches(object.fields());
    }

    /** True when only the namespace restricts the result, so counts of remaining items are known. */
    public boolean selectsEverythingInNamespace() {
        return name == null && labels.isEverything() && fields.isEverything();
    }
}
