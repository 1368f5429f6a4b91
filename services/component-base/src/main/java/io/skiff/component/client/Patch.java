package io.skiff.component.client;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A patch in one of the four kinds the API server accepts. Bodies given as objects are written
 * with the Kubernetes mapper; strings are sent as they are.
 */
public final class Patch {

    /** The patch kinds and their content types. */
    public enum Type {
        /** RFC 6902 JSON patch: a list of operations. */
        JSON("application/json-patch+json"),
        /** RFC 7386 JSON merge patch: a partial object; lists are replaced whole. */
        MERGE("application/merge-patch+json"),
        /** Kubernetes' strategic merge patch: lists merge by their patch merge key. */
        STRATEGIC_MERGE("application/strategic-merge-patch+json"),
        /** Server-side apply: the fields the field manager wants to own. */
        APPLY("application/apply-patch+yaml");

        private final String contentType;

        Type(String contentType) {
            this.contentType = contentType;
        }

        public String contentType() {
            return contentType;
        }
    }

    private final Type type;
    private final byte[] body;
    private final String fieldManager;
    private final boolean force;

    private Patch(Type type, byte[] body, String fieldManager, boolean force) {
        this.type = type;
        this.body = body;
        this.fieldManager = fieldManager;
        this.force = force;
    }

    /** A JSON patch: {@code operations} is a JSON array (string) or a list of operation objects. */
    public static Patch json(Object operations) {
        return new Patch(Type.JSON, bytes(operations), null, false);
    }

    public static Patch merge(Object partialObject) {
        return new Patch(Type.MERGE, bytes(partialObject), null, false);
    }

    public static Patch strategicMerge(Object partialObject) {
        return new Patch(Type.STRATEGIC_MERGE, bytes(partialObject), null, false);
    }

    /**
     * Server-side apply of {@code configuration} (JSON, which is YAML too, or a YAML string).
     *
     * @param fieldManager who owns the applied fields; required
     * @param force take fields over from other managers instead of failing with a 409 conflict
     */
    public static Patch apply(Object configuration, String fieldManager, boolean force) {
        Objects.requireNonNull(fieldManager, "server-side apply needs a field manager");
        return new Patch(Type.APPLY, bytes(configuration), fieldManager, force);
    }

    /** The same patch recorded under {@code manager} in managedFields. */
    public Patch withFieldManager(String manager) {
        return new Patch(type, body, manager, force);
    }

    public Type type() {
        return type;
    }

    public String fieldManager() {
        return fieldManager;
    }

    public boolean force() {
        return force;
    }

    byte[] body() {
        return body;
    }

    private static byte[] bytes(Object body) {
        Objects.requireNonNull(body, "a patch needs a body");
        return body instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : KubeCodec.bytes(body);
    }
}
