package io.skiff.apiserver.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class WatchCacheKeyRangeTest {

    private final NavigableMap<String, Integer> store = new TreeMap<>();

    {
        for (String key : new String[] {"a/x", "b/x", "b/y", "b/z", "c/x"}) {
            store.put(key, 0);
        }
    }

    @Test
    void aStartKeyInTheNamespaceListsFromIt() {
        assertThat(WatchCache.keyRange(store, "b", "b/x\u0000").keySet()).containsExactly("b/y", "b/z");
        assertThat(WatchCache.keyRange(store, "b", null).keySet()).containsExactly("b/x", "b/y", "b/z");
        assertThat(WatchCache.keyRange(store, null, "b/z").keySet()).containsExactly("b/z", "c/x");
    }

    /** A continue token is the client's to forge: one from another namespace must not throw. */
    @Test
    void aStartKeyOutsideTheNamespaceListsAllOfItOrNothing() {
        assertThat(WatchCache.keyRange(store, "b", "a/x\u0000").keySet()).containsExactly("b/x", "b/y", "b/z");
        assertThat(WatchCache.keyRange(store, "b", "../../x").keySet()).containsExactly("b/x", "b/y", "b/z");
        assertThat(WatchCache.keyRange(store, "b", "c/x").keySet()).isEmpty();
        assertThat(WatchCache.keyRange(store, "b", "\uffff").keySet()).isEmpty();
    }
}
