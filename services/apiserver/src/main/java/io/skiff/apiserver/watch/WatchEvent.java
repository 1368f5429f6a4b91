package io.skiff.apiserver.watch;

/**
 * One event as a watcher receives it.
 *
 * @param type ADDED, MODIFIED, DELETED, BOOKMARK or ERROR
 * @param revision the revision the event brings the watcher to
 * @param object the event's object as JSON (a Status for ERROR)
 */
public record WatchEvent(String type, long revision, byte[] object) {

    public static final String ADDED = "ADDED";
    public static final String MODIFIED = "MODIFIED";
    public static final String DELETED = "DELETED";
    public static final String BOOKMARK = "BOOKMARK";
    public static final String ERROR = "ERROR";
}
