package io.skiff.component.client;

import java.util.List;

/**
 * A list response: the items and the list's metadata.
 *
 * @param items the objects, in the server's order
 * @param resourceVersion the revision the list was read at; a watch resumes from here
 * @param continueToken the token for the next page, or null when this was the last page
 */
public record ObjectList<T>(List<T> items, String resourceVersion, String continueToken) {

    public ObjectList {
        items = List.copyOf(items);
    }

    public boolean hasMore() {
        return continueToken != null && !continueToken.isEmpty();
    }
}
