package io.skiff.apiserver.protobuf;

import com.google.protobuf.Descriptors.FieldDescriptor;

/**
 * How one Go struct field marshals to JSON: whether it is a pointer (an explicit zero is kept),
 * whether its json tag lacks omitempty (written even when empty), whether it is an embedded struct
 * flattened into its parent, and its JSON name.
 */
record FieldShape(boolean pointer, boolean always, boolean inline, String jsonName) {

    /** A Go value field with omitempty under its proto name: what most fields are. */
    static FieldShape plain(FieldDescriptor field) {
        return new FieldShape(false, false, false, field.getName());
    }

    /** Parses a shape of {@link FieldShapeTable}: {@code pointer+json=apiGroup} and the like. */
    static FieldShape parse(FieldDescriptor field, String shape) {
        boolean pointer = false;
        boolean always = false;
        boolean inline = false;
        String jsonName = field.getName();
        for (String word : shape.split("\\+")) {
            if (word.equals("pointer")) {
                pointer = true;
            } else if (word.equals("always")) {
                always = true;
            } else if (word.equals("nullable")) {
                pointer = true;
                always = true;
            } else if (word.equals("inline")) {
                inline = true;
            } else if (word.startsWith("json=")) {
                jsonName = word.substring("json=".length());
            } else {
                throw new IllegalArgumentException("unknown shape '" + word + "' of " + field.getFullName());
            }
        }
        FieldShape parsed = new FieldShape(pointer, always, inline, jsonName);
        parsed.checkFits(field);
        return parsed;
    }

    /** Rejects shapes a field of this kind cannot have, to catch mistakes in the table at startup. */
    private void checkFits(FieldDescriptor field) {
        boolean message = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE;
        boolean fits;
        if (inline) {
            fits = message && !field.isRepeated() && !pointer && !always;
        } else if (field.isRepeated()) {
            fits = !pointer;
        } else if (message) {
            // Struct values are always written by Go; only a pointer without omitempty adds anything.
            fits = pointer == always;
        } else {
            fits = true;
        }
        if (!fits) {
            throw new IllegalArgumentException("shape " + this + " does not fit " + field.getFullName());
        }
    }
}
