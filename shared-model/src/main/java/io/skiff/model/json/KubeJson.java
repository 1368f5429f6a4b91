package io.skiff.model.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one Jackson 2 mapper for Kubernetes objects. fabric8's kubernetes-model is built on Jackson 2
 * (with its own serializers for IntOrString, Quantity, ...), so Kubernetes objects never go through
 * Spring Boot 4's default Jackson 3 mapper: on the wire, in storage and in tests they use this one.
 */
public final class KubeJson {

    /** Deeper documents than this are rejected while parsing (hostile input). */
    public static final int MAX_NESTING_DEPTH = 100;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .addModule(new JavaTimeModule())
            .build();

    static {
        MAPPER.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxStringLength(4 * 1024 * 1024)
                        .build());
    }

    private KubeJson() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
