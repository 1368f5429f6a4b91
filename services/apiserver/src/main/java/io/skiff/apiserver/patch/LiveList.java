package io.skiff.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A live list of objects being merged, as a Go slice sharing its backing array with the caller.
 *
 * <p>strategicpatch deletes elements by shifting that array in place and appends new elements into
 * the room the deletions left, and {@code $setElementOrder} then orders server-only elements by
 * what the caller's view of the array has become, not by the list as it was. {@link #view()}
 * reproduces that view so elements land where kube-apiserver puts them (e.g. after a deletion, a
 * new element is placed after the server-only elements instead of before them). Only positions
 * inside the original length are visible to the caller, so the result does not depend on Go's slice
 * capacity.
 */
final class LiveList {

    private final JsonNode[] view;
    private List<JsonNode> items;
    private boolean sharesView = true;

    LiveList(List<JsonNode> live) {
        this.view = live.toArray(new JsonNode[0]);
        this.items = new ArrayList<>(live);
    }

    List<JsonNode> items() {
        return items;
    }

    /** The caller's window on the backing array: the live list's length, the merge's writes. */
    List<JsonNode> view() {
        return Arrays.asList(view.clone());
    }

    JsonNode get(int index) {
        return items.get(index);
    }

    /** The first element whose {@code key} is present and equals {@code value}; -1 if none. */
    int indexOf(String key, JsonNode value) {
        for (int i = 0; i < items.size(); i++) {
            JsonNode candidate = items.get(i).get(key);
            if (candidate != null && GoValue.same(candidate, value)) {
                return i;
            }
        }
        return -1;
    }

    void deleteAll(String key, JsonNode value) {
        for (int at = indexOf(key, value); at >= 0; at = indexOf(key, value)) {
            if (sharesView) {
                System.arraycopy(view, at + 1, view, at, items.size() - at - 1);
            }
            items.remove(at);
        }
    }

    void set(int index, JsonNode value) {
        if (sharesView) {
            view[index] = value;
        }
        items.set(index, value);
    }

    /** Appends into the caller's array while it has room, as Go's append does before it reallocates. */
    void append(JsonNode value) {
        if (sharesView && items.size() < view.length) {
            view[items.size()] = value;
        } else {
            sharesView = false;
        }
        items.add(value);
    }

    /** {@code $patch: replace}: the merge goes on with a new slice; the caller keeps what it saw. */
    void replaceWith(List<JsonNode> replacement) {
        items = new ArrayList<>(replacement);
        sharesView = false;
    }
}
