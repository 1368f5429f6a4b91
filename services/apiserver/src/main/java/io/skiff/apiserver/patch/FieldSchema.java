package io.skiff.apiserver.patch;

import java.util.Optional;

/**
 * The patch metadata at one position of an object: the shape of the value found there and the
 * struct tags of the field holding it. Positions the model does not describe ({@link
 * Shape#UNTYPED}) merge like JSON merge patch: maps key by key, lists replaced whole.
 */
public final class FieldSchema {

    /** What a value at this position is. */
    public enum Shape {
        /** A Go struct: known fields, each with its own tags. */
        OBJECT,
        /** A Go map keyed by strings, e.g. labels or resource lists. */
        MAP,
        LIST,
        SCALAR,
        /** Not described by the model, e.g. a ControllerRevision's data or an unknown field. */
        UNTYPED
    }

    static final FieldSchema UNTYPED = new FieldSchema(ModelType.UNTYPED, PatchTag.NONE);

    private final ModelType type;
    private final PatchTag tag;

    FieldSchema(ModelType type, PatchTag tag) {
        this.type = type;
        this.tag = tag;
    }

    public Shape shape() {
        return type.shape();
    }

    /**
     * The field {@code name} of an object (matched as Go's JSON decoder does: exactly, else ignoring
     * case) or the values of a map; {@link Shape#UNTYPED} anywhere else.
     */
    public FieldSchema child(String name) {
        return type.child(name);
    }

    /** The elements of a list; {@link Shape#UNTYPED} for anything else. */
    public FieldSchema element() {
        return type.element();
    }

    public PatchStrategy strategy() {
        return tag.strategy();
    }

    /** Whether the field is tagged {@code retainKeys}: kubectl sends {@code $retainKeys} for it. */
    public boolean retainKeys() {
        return tag.retainKeys();
    }

    /** The key identifying elements of a merging list of objects. */
    public Optional<String> mergeKey() {
        return Optional.ofNullable(tag.mergeKey());
    }

    @Override
    public String toString() {
        return type + " " + tag;
    }
}
