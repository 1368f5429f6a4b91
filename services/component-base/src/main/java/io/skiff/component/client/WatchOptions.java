package io.skiff.component.client;

import java.time.Duration;

/**
 * Query parameters of a watch.
 *
 * @param labelSelector as for a list
 * @param fieldSelector as for a list
 * @param resourceVersion the revision to watch from (exclusive); null or "" starts at "now"
 * @param allowBookmarks ask the server for BOOKMARK events
 * @param timeout how long the server keeps the watch open, or null for the server's default
 */
public record WatchOptions(
        String labelSelector, String fieldSelector, String resourceVersion, boolean allowBookmarks, Duration timeout) {

    /** The watch that continues a list: same selectors, from the list's revision, with bookmarks. */
    public static WatchOptions following(ListOptions list, String resourceVersion, Duration timeout) {
        return new WatchOptions(list.labelSelector(), list.fieldSelector(), resourceVersion, true, timeout);
    }
}
