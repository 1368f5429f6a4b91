package io.skiff.apiserver.protobuf;

import com.google.protobuf.Descriptors.Descriptor;
import io.kubernetes.client.proto.Meta;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Which proto message each apiVersion and kind is decoded with. */
final class KindRegistry {

    /** The group client-go files option types under when they are sent on their own. */
    private static final String META_V1 = "meta.k8s.io/v1";

    private final Map<String, Descriptor> messages = new HashMap<>();

    KindRegistry() {
        register(META_V1, Meta.DeleteOptions.getDescriptor());
    }

    /**
     * Registers kinds under {@code apiVersion}, each named as its message. DeleteOptions comes with
     * every group version: client-go encodes a delete's body in the version of the resource.
     */
    KindRegistry add(String apiVersion, Descriptor... kinds) {
        register(apiVersion, Meta.DeleteOptions.getDescriptor());
        for (Descriptor kind : kinds) {
            register(apiVersion, kind);
        }
        return this;
    }

    Optional<Descriptor> find(String apiVersion, String kind) {
        return Optional.ofNullable(messages.get(key(apiVersion, kind)));
    }

    private void register(String apiVersion, Descriptor message) {
        messages.put(key(apiVersion, message.getName()), message);
    }

    private static String key(String apiVersion, String kind) {
        return apiVersion + " " + kind;
    }
}
