package io.skiff.apiserver.storage;

/** What a committed change did, as stored in the change log and named in watch events. */
public enum ChangeType {
    ADDED(1),
    MODIFIED(2),
    DELETED(3);

    private final short code;

    ChangeType(int code) {
        this.code = (short) code;
    }

    public short code() {
        return code;
    }

    public static ChangeType ofCode(int code) {
        return switch (code) {
            case 1 -> ADDED;
            case 2 -> MODIFIED;
            case 3 -> DELETED;
            default -> throw new IllegalArgumentException("unknown change type " + code);
        };
    }
}
