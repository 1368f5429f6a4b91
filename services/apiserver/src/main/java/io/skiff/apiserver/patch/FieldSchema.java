package io.skiff.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
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

    static final FieldSchema UNTYPED = new FieldSchema(ModelType.UNTYPED, PatchTag.NONE, ApplyTag.NONE);

    private final ModelType type;
    private final PatchTag tag;
    private final ApplyTag applyTag;

    FieldSchema(ModelType type, PatchTag tag, ApplyTag applyTag) {
        this.type = type;
        this.tag = tag;
        this.applyTag = applyTag;
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

    /**
     * How server-side apply owns the items of a list: its {@code +listType} marker, else what the
     * patch tags imply, as Kubernetes converts them (a merging list is a map on its merge key, or a
     * set of scalars without one; any other list is atomic).
     */
    public ListType listType() {
        if (applyTag.listType() != null) {
            return applyTag.listType();
        }
        if (tag.strategy() == PatchStrategy.MERGE) {
            return tag.mergeKey() == null ? ListType.SET : ListType.MAP;
        }
        return ListType.ATOMIC;
    }

    /** The key fields of a {@link ListType#MAP} list, sorted by name as managed fields name items; none for other lists. */
    public List<String> listMapKeys() {
        if (listType() != ListType.MAP) {
            return List.of();
        }
        List<String> keys = !applyTag.listMapKeys().isEmpty()
                ? applyTag.listMapKeys()
                : tag.mergeKey() == null ? List.of() : List.of(tag.mergeKey());
        return keys.stream().sorted().toList();
    }

    /**
     * Whether server-side apply owns the map or struct here key by key rather than whole: a field's
     * {@code +mapType}/{@code +structType}, else its type's {@code +structType}; maps and untyped
     * objects are granular.
     */
    public boolean granular() {
        return applyTag.granular() != null ? applyTag.granular() : type.granular();
    }

    /**
     * The value the field {@code name} of this struct stands for when an item of a keyed list
     * leaves it out (a container port's protocol is TCP).
     */
    public Optional<JsonNode> keyDefault(String name) {
        return type.keyDefault(name);
    }

    @Override
    public String toString() {
        return type + " " + tag;
    }
}
