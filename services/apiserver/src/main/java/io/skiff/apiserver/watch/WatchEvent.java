package io.skiff.apiserver.watch;

import java.nio.charset.StandardCharsets;

/**
 * One event as a watcher receives it. The same instance goes to every watcher that gets the
 * event unchanged, so its encoded line is built once, not once per watcher.
 */
public final class WatchEvent {

    public static final String ADDED = "ADDED";
    public static final String MODIFIED = "MODIFIED";
    public static final String DELETED = "DELETED";
    public static final String BOOKMARK = "BOOKMARK";
    public static final String ERROR = "ERROR";

    private final String type;
    private final long revision;
    private final byte[] object;
    private volatile byte[] nativeLine;

    /**
     * @param type ADDED, MODIFIED, DELETED, BOOKMARK or ERROR
     * @param revision the revision the event brings the watcher to
     * @param object the event's object as JSON (a Status for ERROR)
     */
    public WatchEvent(String type, long revision, byte[] object) {
        this.type = type;
        this.revision = revision;
        this.object = object;
    }

    public String type() {
        return type;
    }

    public long revision() {
        return revision;
    }

    /** The object's JSON; never modify the array. */
    public byte[] object() {
        return object;
    }

    /** Kubernetes' native framing, {"type":"ADDED","object":{...}} and a newline; never modify it. */
    public byte[] nativeLine() {
        byte[] line = nativeLine;
        if (line == null) {
            byte[] head = ("{\"type\":\"" + type + "\",\"object\":").getBytes(StandardCharsets.US_ASCII);
            line = new byte[head.length + object.length + 2];
            System.arraycopy(head, 0, line, 0, head.length);
            System.arraycopy(object, 0, line, head.length, object.length);
            line[line.length - 2] = '}';
            line[line.length - 1] = '\n';
            nativeLine = line;
        }
        return line;
    }
}
