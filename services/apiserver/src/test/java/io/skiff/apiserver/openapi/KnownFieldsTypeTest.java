package io.skiff.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.api.ApiException;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Values of the wrong JSON type are refused as Kubernetes' decoder refuses them, never stored. */
class KnownFieldsTypeTest {

    private static final ResourceCatalog CATALOG = ResourceCatalog.builtin();
    private static final KnownFields FIELDS = new KnownFields(new OpenApiDocuments(CATALOG));

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "configmaps|{\"data\":{\"k\":5}}|ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string",
                "secrets|{\"data\":[\"a\",1]}|Secret in version \"v1\" cannot be handled as a Secret: json: cannot unmarshal array into Go struct field Secret.data of type object",
                "configmaps|{\"immutable\":\"true\"}|ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal string into Go struct field ConfigMap.immutable of type bool",
                "pods|{\"spec\":{\"containers\":{}}}|Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal object into Go struct field Pod.spec.containers of type array",
                "services|{\"spec\":{\"ports\":[{\"port\":\"80\"}]}}|Service in version \"v1\" cannot be handled as a Service: json: cannot unmarshal string into Go struct field Service.spec.ports.port of type int32",
                "configmaps|{\"metadata\":{\"labels\":[\"a\"]}}|ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal array into Go struct field ConfigMap.metadata.labels of type object",
                "configmaps|{\"metadata\":\"x\"}|ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal string into Go struct field ConfigMap.metadata of type object"
            })
    void wrongTypesAreBadRequests(String plural, String json, String message) throws Exception {
        ObjectNode object = (ObjectNode) KubeJson.mapper().readTree(json);

        assertThatThrownBy(() -> FIELDS.pruneUnknown(type(plural), object))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.status().getReason()).isEqualTo("BadRequest");
                    assertThat(e.status().getMessage()).isEqualTo(message);
                });
    }

    @Test
    void nullsQuantitiesAndIntOrStringsOfEitherFormPass() throws Exception {
        ObjectNode pod = (ObjectNode) KubeJson.mapper().readTree("""
                {"metadata":{"labels":null},"spec":{"containers":[{"name":"c","image":"i",
                 "resources":{"limits":{"cpu":1,"memory":"1Gi"}},
                 "ports":[{"containerPort":80}],
                 "readinessProbe":{"httpGet":{"port":"http"}},"livenessProbe":{"httpGet":{"port":8080}}}]}}
                """);

        assertThat(FIELDS.pruneUnknown(type("pods"), pod)).isEmpty();
    }

    private static ResourceType type(String plural) {
        return CATALOG.byPlural("", "v1", plural).orElseThrow();
    }
}
