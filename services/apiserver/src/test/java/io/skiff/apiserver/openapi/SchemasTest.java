package io.skiff.apiserver.openapi;

import static io.skiff.apiserver.openapi.Documents.schema;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SchemasTest {

    private static final String V3 = "#/components/schemas/";
    private static final String V2 = "#/definitions/";
    private static final JsonNode CORE = Documents.v3("api/v1");
    private static final JsonNode V2_DOCUMENT = Documents.v2();

    @Test
    void podContainersAreAnArrayOfContainersWithAStringName() {
        JsonNode containers =
                schema(CORE, "io.k8s.api.core.v1.PodSpec").path("properties").path("containers");

        assertThat(containers.path("type").asText()).isEqualTo("array");
        assertThat(containers.path("items").path("$ref").asText()).isEqualTo(V3 + "io.k8s.api.core.v1.Container");
        assertThat(schema(CORE, "io.k8s.api.core.v1.Container")
                        .path("properties")
                        .path("name"))
                .hasToString("{\"type\":\"string\"}");
        assertThat(schema(CORE, "io.k8s.api.core.v1.Pod")
                        .path("properties")
                        .path("spec")
                        .path("$ref")
                        .asText())
                .isEqualTo(V3 + "io.k8s.api.core.v1.PodSpec");
    }

    @Test
    void integersCarryTheirWidthAndMapsTheirValueType() {
        JsonNode meta = schema(CORE, DefinitionNames.META_V1 + "ObjectMeta").path("properties");

        assertThat(meta.path("generation")).hasToString("{\"format\":\"int64\",\"type\":\"integer\"}");
        assertThat(meta.path("labels"))
                .hasToString("{\"additionalProperties\":{\"type\":\"string\"},\"type\":\"object\"}");
        assertThat(schema(CORE, "io.k8s.api.core.v1.ContainerPort")
                        .path("properties")
                        .path("containerPort"))
                .hasToString("{\"format\":\"int32\",\"type\":\"integer\"}");
    }

    @Test
    void timeIsADateTimeStringThatTimestampFieldsReferTo() {
        assertThat(schema(CORE, DefinitionNames.TIME)).hasToString("{\"format\":\"date-time\",\"type\":\"string\"}");
        assertThat(refOf(CORE, DefinitionNames.META_V1 + "ObjectMeta", "creationTimestamp"))
                .isEqualTo(V3 + DefinitionNames.TIME);
        assertThat(refOf(CORE, "io.k8s.api.core.v1.ContainerStateTerminated", "finishedAt"))
                .isEqualTo(V3 + DefinitionNames.TIME);
        assertThat(refOf(CORE, "io.k8s.api.core.v1.Taint", "timeAdded")).isEqualTo(V3 + DefinitionNames.TIME);
    }

    @Test
    void microTimeIsADateTimeStringThatLeaseAndEventTimesReferTo() {
        JsonNode coordination = Documents.v3("apis/coordination.k8s.io/v1");

        assertThat(schema(coordination, DefinitionNames.MICRO_TIME))
                .hasToString("{\"format\":\"date-time\",\"type\":\"string\"}");
        assertThat(refOf(coordination, "io.k8s.api.coordination.v1.LeaseSpec", "renewTime"))
                .isEqualTo(V3 + DefinitionNames.MICRO_TIME);
        assertThat(refOf(CORE, "io.k8s.api.core.v1.Event", "eventTime")).isEqualTo(V3 + DefinitionNames.MICRO_TIME);
    }

    @Test
    void intOrStringIsIntegerOrStringInV3AndAFormattedStringInV2() {
        assertThat(refOf(CORE, "io.k8s.api.core.v1.ServicePort", "targetPort"))
                .isEqualTo(V3 + DefinitionNames.INT_OR_STRING);
        assertThat(schema(CORE, DefinitionNames.INT_OR_STRING))
                .hasToString("{\"format\":\"int-or-string\",\"oneOf\":[{\"type\":\"integer\"},{\"type\":\"string\"}]}");
        assertThat(V2_DOCUMENT.path("definitions").path(DefinitionNames.INT_OR_STRING))
                .hasToString("{\"format\":\"int-or-string\",\"type\":\"string\"}");
    }

    @Test
    void quantityIsStringOrNumberInV3AndAStringInV2() {
        JsonNode limits = schema(CORE, "io.k8s.api.core.v1.ResourceRequirements")
                .path("properties")
                .path("limits");

        assertThat(limits.path("additionalProperties").path("$ref").asText()).isEqualTo(V3 + DefinitionNames.QUANTITY);
        assertThat(schema(CORE, DefinitionNames.QUANTITY))
                .hasToString("{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"number\"}]}");
        assertThat(V2_DOCUMENT.path("definitions").path(DefinitionNames.QUANTITY))
                .hasToString("{\"type\":\"string\"}");
    }

    @Test
    void arbitraryObjectsAreRawExtensions() {
        JsonNode apps = Documents.v3("apis/apps/v1");

        assertThat(refOf(apps, "io.k8s.api.apps.v1.ControllerRevision", "data"))
                .isEqualTo(V3 + DefinitionNames.RAW_EXTENSION);
        assertThat(refOf(apps, DefinitionNames.META_V1 + "WatchEvent", "object"))
                .isEqualTo(V3 + DefinitionNames.RAW_EXTENSION);
        assertThat(schema(apps, DefinitionNames.RAW_EXTENSION)).hasToString("{\"type\":\"object\"}");
    }

    @Test
    void kindsAndTheirListsNameTheirGroupVersionKind() {
        JsonNode apps = Documents.v3("apis/apps/v1");

        assertThat(kindsOf(apps, "io.k8s.api.apps.v1.Deployment")).containsExactly("apps/v1/Deployment");
        assertThat(kindsOf(apps, "io.k8s.api.apps.v1.DeploymentList")).containsExactly("apps/v1/DeploymentList");
        assertThat(kindsOf(apps, "io.k8s.api.autoscaling.v1.Scale")).containsExactly("autoscaling/v1/Scale");
        assertThat(kindsOf(apps, DefinitionNames.META_V1 + "Status")).containsExactly("/v1/Status");
        assertThat(kindsOf(apps, "io.k8s.api.apps.v1.DeploymentSpec")).isEmpty();
    }

    @Test
    void deleteOptionsAndWatchEventBelongToEveryServedGroupVersion() {
        List<String> expected = new ArrayList<>();
        Documents.CATALOG
                .groupVersions()
                .forEach((group, versions) ->
                        versions.forEach(version -> expected.add(group + "/" + version + "/DeleteOptions")));

        assertThat(kindsOf(CORE, DefinitionNames.META_V1 + "DeleteOptions"))
                .containsExactlyInAnyOrderElementsOf(expected)
                .startsWith("/v1/DeleteOptions");
        assertThat(kindsOf(CORE, DefinitionNames.META_V1 + "WatchEvent")).hasSameSizeAs(expected);
    }

    @Test
    void eventsOfBothGroupsAreDistinctDefinitions() {
        JsonNode events = Documents.v3("apis/events.k8s.io/v1");

        assertThat(kindsOf(events, "io.k8s.api.events.v1.Event")).containsExactly("events.k8s.io/v1/Event");
        assertThat(kindsOf(CORE, "io.k8s.api.core.v1.Event")).containsExactly("/v1/Event");
        assertThat(events.path("components").path("schemas").has("io.k8s.api.core.v1.Event"))
                .isFalse();
    }

    @Test
    void v2RefersToDefinitions() {
        assertThat(V2_DOCUMENT
                        .path("definitions")
                        .path("io.k8s.api.core.v1.PodSpec")
                        .path("properties")
                        .path("containers")
                        .path("items")
                        .path("$ref")
                        .asText())
                .isEqualTo(V2 + "io.k8s.api.core.v1.Container");
    }

    @ParameterizedTest(name = "{0} is a timestamp: {1}")
    @CsvSource({
        "creationTimestamp, true",
        "lastTransitionTime, true",
        "startedAt, true",
        "time, true",
        "timeAdded, true",
        "timeZone, false",
        "runtimeClassName, false",
        "containerRuntimeVersion, false",
        "format, false",
    })
    void timestampsAreToldByTheirFieldNames(String field, boolean timestamp) {
        assertThat(ModelSchemas.isTimestamp(field)).isEqualTo(timestamp);
    }

    private static String refOf(JsonNode document, String definition, String property) {
        return schema(document, definition)
                .path("properties")
                .path(property)
                .path("$ref")
                .asText();
    }

    private static List<String> kindsOf(JsonNode document, String definition) {
        List<String> kinds = new ArrayList<>();
        for (JsonNode gvk : schema(document, definition).path("x-kubernetes-group-version-kind")) {
            kinds.add(gvk.path("group").asText() + "/" + gvk.path("version").asText() + "/"
                    + gvk.path("kind").asText());
        }
        return kinds;
    }
}
