package io.skiff.bench.watch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The parts of one watch event line the benchmark needs: type, and the object's name and
 * resourceVersion. Parsed from bytes with the streaming API, stopping as soon as all three are
 * known (metadata normally precedes the data): with hundreds of watchers the client reads ~100,000
 * events a second on the same two cores as the server, and every cycle spent here is taken from
 * the server being measured.
 */
record WatchEventLine(String type, String name, String resourceVersion) {

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * Returns null for a line that is not an event; name and resourceVersion are null when the
     * object has none (an ERROR event carries a Status).
     */
    static WatchEventLine parse(byte[] line, int length) throws IOException {
        String type = null;
        String name = null;
        String resourceVersion = null;
        try (JsonParser parser = JSON.createParser(line, 0, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            // Depth 1 is the event, 2 the object, 3 its metadata; nothing deeper matters.
            int depth = 1;
            String eventField = null;
            String objectField = null;
            JsonToken token;
            while (depth > 0 && (token = parser.nextToken()) != null) {
                switch (token) {
                    case START_OBJECT -> {
                        if (depth == 3) {
                            parser.skipChildren();
                        } else {
                            depth++;
                        }
                    }
                    case START_ARRAY -> parser.skipChildren();
                    case END_OBJECT -> depth--;
                    case FIELD_NAME -> {
                        if (depth == 1) {
                            eventField = parser.currentName();
                        } else if (depth == 2) {
                            objectField = parser.currentName();
                        }
                    }
                    case VALUE_STRING -> {
                        if (depth == 1 && "type".equals(eventField)) {
                            type = parser.getText();
                        } else if (depth == 3 && "object".equals(eventField) && "metadata".equals(objectField)) {
                            String field = parser.currentName();
                            if ("name".equals(field)) {
                                name = parser.getText();
                            } else if ("resourceVersion".equals(field)) {
                                resourceVersion = parser.getText();
                            }
                        }
                    }
                    default -> {}
                }
                if (type != null && name != null && resourceVersion != null) {
                    break;
                }
            }
        }
        return type == null ? null : new WatchEventLine(type, name, resourceVersion);
    }
}
