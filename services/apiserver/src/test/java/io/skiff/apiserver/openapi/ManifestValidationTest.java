package io.skiff.apiserver.openapi;

import static io.skiff.apiserver.openapi.Documents.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Manifests checked against the schemas as kubectl's client-side validation would check them. */
class ManifestValidationTest {

    private static final ManifestValidator CORE = new ManifestValidator(Documents.v3("api/v1"));
    private static final ManifestValidator APPS = new ManifestValidator(Documents.v3("apis/apps/v1"));

    private static final ObjectNode DEPLOYMENT = yaml("""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              labels: {app: web}
              annotations: {deployment.kubernetes.io/revision: "1"}
            spec:
              replicas: 3
              selector:
                matchLabels: {app: web}
                matchExpressions: [{key: tier, operator: In, values: [frontend]}]
              strategy:
                type: RollingUpdate
                rollingUpdate: {maxSurge: 25%, maxUnavailable: 1}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - name: nginx
                    image: nginx:1.27
                    ports: [{containerPort: 80, name: http}]
                    env: [{name: MODE, value: prod}]
                    resources:
                      limits: {cpu: 500m, memory: 128Mi}
                      requests: {cpu: 0.25, memory: 64Mi}
                    readinessProbe:
                      httpGet: {path: /healthz, port: http}
                      periodSeconds: 5
                  tolerations: [{key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 300}]
            """);

    private static final ObjectNode POD = yaml("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: busybox
              namespace: default
              creationTimestamp: null
            spec:
              restartPolicy: Never
              terminationGracePeriodSeconds: 10
              containers:
              - name: sh
                image: busybox
                command: [sh, -c, sleep 3600]
                volumeMounts: [{name: data, mountPath: /data}]
                livenessProbe:
                  exec: {command: [cat, /tmp/healthy]}
                  tcpSocket: {port: 8080}
              volumes:
              - name: data
                emptyDir: {sizeLimit: 1Gi}
            status:
              phase: Running
              startTime: "2025-01-01T00:00:00Z"
            """);

    private static final ObjectNode CONFIG_MAP = yaml("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            data:
              app.properties: |
                mode=prod
            binaryData:
              blob: aGVsbG8=
            immutable: true
            """);

    private static final ObjectNode SERVICE = yaml("""
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              type: NodePort
              selector: {app: web}
              ports:
              - {name: http, port: 80, targetPort: http, protocol: TCP}
              - {name: metrics, port: 9090, targetPort: 9090}
              sessionAffinity: None
            """);

    static Stream<Arguments> validManifests() {
        return Stream.of(
                Arguments.of("Deployment", APPS, DEPLOYMENT),
                Arguments.of("Pod", CORE, POD),
                Arguments.of("ConfigMap", CORE, CONFIG_MAP),
                Arguments.of("Service", CORE, SERVICE));
    }

    @ParameterizedTest(name = "a valid {0} validates")
    @MethodSource("validManifests")
    void validManifestsValidate(String kind, ManifestValidator validator, ObjectNode manifest) {
        assertThat(validator.validate(manifest)).isEmpty();
    }

    @Test
    void unknownFieldsAreReportedWithTheirPath() {
        ObjectNode deployment = DEPLOYMENT.deepCopy();
        ((ObjectNode) deployment
                        .path("spec")
                        .path("template")
                        .path("spec")
                        .path("containers")
                        .get(0))
                .put("imagePullPolicyy", "Always");
        deployment.with("spec").put("replica", 2);

        assertThat(APPS.validate(deployment))
                .containsExactlyInAnyOrder(
                        "unknown field \"spec.replica\"",
                        "unknown field \"spec.template.spec.containers[0].imagePullPolicyy\"");
    }

    @Test
    void wrongTypesAreReported() {
        ObjectNode service = SERVICE.deepCopy();
        service.with("spec").put("ports", "80");
        ObjectNode configMap = CONFIG_MAP.deepCopy();
        configMap.with("data").put("count", 3);

        assertThat(CORE.validate(service)).containsExactly("spec.ports: expected array, got STRING");
        assertThat(CORE.validate(configMap)).containsExactly("data.count: expected string, got NUMBER");
    }
}
