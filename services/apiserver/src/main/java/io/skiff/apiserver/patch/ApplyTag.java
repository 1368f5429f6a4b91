package io.skiff.apiserver.patch;

import java.util.List;

/**
 * A field's server-side apply markers where they say more than its patch tags: {@code +listType}
 * with its {@code +listMapKey}s, and {@code +mapType} / {@code +structType} written on the field.
 *
 * @param listType null where the patch tags decide, as Kubernetes' OpenAPI conversion lets them
 * @param listMapKeys the key fields of a {@link ListType#MAP} list, in declaration order
 * @param granular null where the value's type decides; else whether the map or struct here is
 *     owned key by key (true) or whole (false)
 */
record ApplyTag(ListType listType, List<String> listMapKeys, Boolean granular) {

    static final ApplyTag NONE = new ApplyTag(null, List.of(), null);

    static ApplyTag list(ListType type, String... keys) {
        return new ApplyTag(type, List.of(keys), null);
    }

    static ApplyTag atomicMap() {
        return new ApplyTag(null, List.of(), false);
    }

    static ApplyTag granularStruct() {
        return new ApplyTag(null, List.of(), true);
    }
}
