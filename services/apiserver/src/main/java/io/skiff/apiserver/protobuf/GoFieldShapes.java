package io.skiff.apiserver.protobuf;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import java.util.HashMap;
import java.util.Map;

/** The {@link FieldShape} of every proto field, resolved once against the generated descriptors. */
final class GoFieldShapes {

    private final Map<FieldDescriptor, FieldShape> shapes;

    private GoFieldShapes(Map<FieldDescriptor, FieldShape> shapes) {
        this.shapes = shapes;
    }

    /** The shapes of {@link FieldShapeTable}; fails fast on a line naming no field of the protos. */
    static GoFieldShapes builtin() {
        Map<FieldDescriptor, FieldShape> shapes = new HashMap<>();
        FieldShapeTable.byFile().forEach((file, table) -> read(file, table, shapes));
        return new GoFieldShapes(Map.copyOf(shapes));
    }

    FieldShape of(FieldDescriptor field) {
        FieldShape shape = shapes.get(field);
        return shape != null ? shape : FieldShape.plain(field);
    }

    private static void read(FileDescriptor file, String table, Map<FieldDescriptor, FieldShape> shapes) {
        Descriptor message = null;
        for (String line : table.split("\n")) {
            String[] words = line.trim().split(" ");
            int first = 0;
            if (!line.startsWith(" ")) {
                message = file.findMessageTypeByName(words[0]);
                if (message == null) {
                    throw new IllegalStateException("no message " + words[0] + " in " + file.getName());
                }
                first = 1;
            }
            for (int i = first; i < words.length; i++) {
                int colon = words[i].indexOf(':');
                if (colon < 0) {
                    throw new IllegalStateException("no shape in '" + words[i] + "' of " + message.getFullName());
                }
                FieldDescriptor field = message.findFieldByName(words[i].substring(0, colon));
                if (field == null) {
                    throw new IllegalStateException("no field " + words[i] + " in " + message.getFullName());
                }
                shapes.put(field, FieldShape.parse(field, words[i].substring(colon + 1)));
            }
        }
    }
}
