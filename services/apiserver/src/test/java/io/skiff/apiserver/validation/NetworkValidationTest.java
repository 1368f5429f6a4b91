package io.skiff.apiserver.validation;

import static io.skiff.apiserver.validation.TestObjects.Expected.cause;
import static io.skiff.apiserver.validation.TestObjects.assertCauses;
import static io.skiff.apiserver.validation.TestObjects.type;
import static io.skiff.apiserver.validation.TestObjects.with;
import static io.skiff.apiserver.validation.TestObjects.yaml;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.validation.TestObjects.Expected;
import io.skiff.model.catalog.ResourceType;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Services, Endpoints, EndpointSlices, Ingresses and IngressClasses. */
class NetworkValidationTest {

    private static final ObjectValidation VALIDATION = ObjectValidation.builtin();
    private static final ResourceType SERVICES = type("", "Service", true);
    private static final ResourceType ENDPOINTS = type("", "Endpoints", true);
    private static final ResourceType SLICES = type("discovery.k8s.io", "EndpointSlice", true);
    private static final ResourceType INGRESSES = type("networking.k8s.io", "Ingress", true);
    private static final ResourceType INGRESS_CLASSES = type("networking.k8s.io", "IngressClass", false);
    private static final String REQUIRED = Causes.REQUIRED;
    private static final String INVALID = Causes.INVALID;
    private static final String NOT_SUPPORTED = Causes.NOT_SUPPORTED;
    private static final String FORBIDDEN = Causes.FORBIDDEN;
    private static final String DUPLICATE = Causes.DUPLICATE;

    static final ObjectNode SERVICE = yaml("""
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: default}
            spec:
              selector: {app: web}
              ports:
              - {name: http, port: 80, targetPort: http, protocol: TCP}
              - {name: https, port: 443, targetPort: 8443}
            """);
    static final ObjectNode ALLOCATED =
            with(with(SERVICE, "spec.clusterIP", "10.96.0.10"), "spec.clusterIPs", "[10.96.0.10]");
    static final ObjectNode SLICE = yaml("""
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {name: web-abc12, namespace: default}
            addressType: IPv4
            endpoints:
            - addresses: [10.244.1.5]
              conditions: {ready: true}
              nodeName: node-1
            ports:
            - {name: http, port: 8080, protocol: TCP}
            """);
    static final ObjectNode INGRESS = yaml("""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: web, namespace: default}
            spec:
              ingressClassName: nginx
              tls: [{hosts: [web.example.com], secretName: web-tls}]
              rules:
              - host: web.example.com
                http:
                  paths:
                  - path: /
                    pathType: Prefix
                    backend: {service: {name: web, port: {name: http}}}
              - host: "*.apps.example.com"
                http:
                  paths:
                  - path: /api
                    pathType: Exact
                    backend: {service: {name: api, port: {number: 8080}}}
            """);

    static Stream<Arguments> creates() {
        return Stream.of(
                create("a service", SERVICES, SERVICE),
                create("a service with its cluster IP", SERVICES, ALLOCATED),
                create(
                        "a headless service without ports",
                        SERVICES,
                        with(with(SERVICE, "spec.clusterIP", "None"), "spec.ports", null)),
                create(
                        "an external name service",
                        SERVICES,
                        yaml(
                                "{metadata: {name: db, namespace: default}, spec: {type: ExternalName, externalName: db.example.com.}}")),
                create(
                        "a node port service",
                        SERVICES,
                        with(with(SERVICE, "spec.type", "NodePort"), "spec.ports[0].nodePort", 30080)),
                create(
                        "a dual-stack service",
                        SERVICES,
                        with(
                                with(SERVICE, "spec.clusterIP", "10.96.0.10"),
                                "spec.clusterIPs",
                                "[10.96.0.10, 'fd00::10']")),
                create(
                        "a service name starting with a digit",
                        SERVICES,
                        with(SERVICE, "metadata.name", "1web"),
                        cause("metadata.name", INVALID)),
                create(
                        "a service without ports",
                        SERVICES,
                        with(SERVICE, "spec.ports", null),
                        cause("spec.ports", REQUIRED)),
                create(
                        "an unnamed port among two",
                        SERVICES,
                        with(SERVICE, "spec.ports[1].name", null),
                        cause("spec.ports[1].name", REQUIRED)),
                create(
                        "duplicate port names",
                        SERVICES,
                        with(SERVICE, "spec.ports[1].name", "http"),
                        cause("spec.ports[1].name", DUPLICATE, "Duplicate value: \"http\"")),
                create(
                        "a port of 0",
                        SERVICES,
                        with(SERVICE, "spec.ports[0].port", 0),
                        cause(
                                "spec.ports[0].port",
                                INVALID,
                                "Invalid value: 0: must be between 1 and 65535, inclusive")),
                create(
                        "one port listed twice",
                        SERVICES,
                        with(SERVICE, "spec.ports[1].port", 80),
                        cause("spec.ports[1]", DUPLICATE, "Duplicate value: {\"protocol\":\"TCP\",\"port\":80}")),
                create(
                        "an unknown protocol",
                        SERVICES,
                        with(SERVICE, "spec.ports[0].protocol", "HTTP"),
                        cause("spec.ports[0].protocol", NOT_SUPPORTED)),
                create(
                        "a target port name that is too long",
                        SERVICES,
                        with(SERVICE, "spec.ports[0].targetPort", "http-alternative"),
                        cause(
                                "spec.ports[0].targetPort",
                                INVALID,
                                "Invalid value: \"http-alternative\": must be no more than 15 characters")),
                create(
                        "an unknown service type",
                        SERVICES,
                        with(SERVICE, "spec.type", "Internal"),
                        cause(
                                "spec.type",
                                NOT_SUPPORTED,
                                "Unsupported value: \"Internal\": supported values:"
                                        + " \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"")),
                create(
                        "a node port on a cluster IP service",
                        SERVICES,
                        with(SERVICE, "spec.ports[0].nodePort", 30080),
                        cause(
                                "spec.ports[0].nodePort",
                                FORBIDDEN,
                                "Forbidden: may not be used when `type` is 'ClusterIP'")),
                create(
                        "a headless load balancer",
                        SERVICES,
                        with(with(SERVICE, "spec.type", "LoadBalancer"), "spec.clusterIP", "None"),
                        cause(
                                "spec.clusterIPs[0]",
                                INVALID,
                                "Invalid value: \"None\": may not be set to 'None' for LoadBalancer services")),
                create(
                        "an external name service without a name",
                        SERVICES,
                        yaml("{metadata: {name: db, namespace: default}, spec: {type: ExternalName}}"),
                        cause("spec.externalName", REQUIRED)),
                create(
                        "an external name service with a cluster IP",
                        SERVICES,
                        yaml(
                                "{metadata: {name: db, namespace: default}, spec: {type: ExternalName, externalName: db.example.com,"
                                        + " clusterIP: 10.96.0.5}}"),
                        cause("spec.clusterIPs", FORBIDDEN, "Forbidden: may not be set for ExternalName services")),
                create(
                        "an invalid cluster IP",
                        SERVICES,
                        with(SERVICE, "spec.clusterIP", "10.96.0"),
                        cause("spec.clusterIPs[0]", INVALID)),
                create(
                        "cluster IPs that disagree with the cluster IP",
                        SERVICES,
                        with(with(SERVICE, "spec.clusterIP", "10.96.0.10"), "spec.clusterIPs", "[10.96.0.11]"),
                        cause(
                                "spec.clusterIPs",
                                INVALID,
                                "Invalid value: [\"10.96.0.11\"]: first value must match `clusterIP`")),
                create(
                        "two IPv4 cluster IPs",
                        SERVICES,
                        with(
                                with(SERVICE, "spec.clusterIP", "10.96.0.10"),
                                "spec.clusterIPs",
                                "[10.96.0.10, 10.96.0.11]"),
                        cause("spec.clusterIPs", INVALID)),
                create(
                        "an invalid selector label",
                        SERVICES,
                        with(SERVICE, "spec.selector", "{app: 'web app'}"),
                        cause("spec.selector", INVALID)),
                create(
                        "an unknown session affinity",
                        SERVICES,
                        with(SERVICE, "spec.sessionAffinity", "Cookie"),
                        cause("spec.sessionAffinity", NOT_SUPPORTED)),
                create(
                        "a loopback external IP",
                        SERVICES,
                        with(SERVICE, "spec.externalIPs", "[127.0.0.1]"),
                        cause(
                                "spec.externalIPs[0]",
                                INVALID,
                                "Invalid value: \"127.0.0.1\": may not be in the loopback range (127.0.0.0/8, ::1/128)")),
                create(
                        "source ranges on a cluster IP service",
                        SERVICES,
                        with(SERVICE, "spec.loadBalancerSourceRanges", "[10.0.0.0/8]"),
                        cause("spec.loadBalancerSourceRanges", FORBIDDEN)),
                create(
                        "an external traffic policy on a cluster IP service",
                        SERVICES,
                        with(SERVICE, "spec.externalTrafficPolicy", "Local"),
                        cause("spec.externalTrafficPolicy", INVALID)),
                create("endpoints", ENDPOINTS, yaml("""
                        metadata: {name: web, namespace: default}
                        subsets:
                        - addresses: [{ip: 10.244.1.5, nodeName: node-1}]
                          ports: [{name: http, port: 8080}, {name: https, port: 8443}]
                        """)),
                create(
                        "endpoints with a link-local address",
                        ENDPOINTS,
                        yaml("""
                        metadata: {name: web, namespace: default}
                        subsets:
                        - addresses: [{ip: 169.254.169.254}]
                          ports: [{port: 80}]
                        """),
                        cause("subsets[0].addresses[0].ip", INVALID)),
                create("an endpoint slice", SLICES, SLICE),
                create(
                        "an FQDN endpoint slice",
                        SLICES,
                        with(with(SLICE, "addressType", "FQDN"), "endpoints[0].addresses", "[db.example.com]")),
                create(
                        "an endpoint slice without address type",
                        SLICES,
                        with(SLICE, "addressType", null),
                        cause("addressType", REQUIRED)),
                create(
                        "an unknown address type",
                        SLICES,
                        with(SLICE, "addressType", "IPv5"),
                        cause(
                                "addressType",
                                NOT_SUPPORTED,
                                "Unsupported value: \"IPv5\": supported values: \"FQDN\", \"IPv4\", \"IPv6\"")),
                create(
                        "an IPv6 address in an IPv4 slice",
                        SLICES,
                        with(SLICE, "endpoints[0].addresses", "['fd00::5']"),
                        cause(
                                "endpoints[0].addresses[0]",
                                INVALID,
                                "Invalid value: \"fd00::5\": must be a valid IPv4 address")),
                create(
                        "an endpoint without addresses",
                        SLICES,
                        with(SLICE, "endpoints[0].addresses", "[]"),
                        cause("endpoints[0].addresses", REQUIRED, "Required value: must contain at least 1 address")),
                create(
                        "a single-label FQDN",
                        SLICES,
                        with(with(SLICE, "addressType", "FQDN"), "endpoints[0].addresses", "[db]"),
                        cause("endpoints[0].addresses[0]", INVALID)),
                create(
                        "two unnamed slice ports",
                        SLICES,
                        with(with(SLICE, "ports[0].name", null), "ports[1]", "{port: 9090}"),
                        cause("ports[1].name", DUPLICATE, "Duplicate value: \"\"")),
                create("an ingress", INGRESSES, INGRESS),
                create(
                        "an ingress with only a default backend",
                        INGRESSES,
                        yaml(
                                "{metadata: {name: x, namespace: d}, spec: {defaultBackend: {service: {name: web, port: {number: 80}}}}}")),
                create(
                        "an ingress without rules or default backend",
                        INGRESSES,
                        yaml("{metadata: {name: x, namespace: d}, spec: {ingressClassName: nginx}}"),
                        cause(
                                "spec",
                                INVALID,
                                "Invalid value: null: either `defaultBackend` or `rules` must be specified")),
                create(
                        "a path without a type",
                        INGRESSES,
                        with(INGRESS, "spec.rules[0].http.paths[0].pathType", null),
                        cause(
                                "spec.rules[0].http.paths[0].pathType",
                                REQUIRED,
                                "Required value: pathType must be specified")),
                create(
                        "an unknown path type",
                        INGRESSES,
                        with(INGRESS, "spec.rules[0].http.paths[0].pathType", "Regex"),
                        cause(
                                "spec.rules[0].http.paths[0].pathType",
                                NOT_SUPPORTED,
                                "Unsupported value: \"Regex\": supported"
                                        + " values: \"Exact\", \"ImplementationSpecific\", \"Prefix\"")),
                create(
                        "a relative prefix path",
                        INGRESSES,
                        with(INGRESS, "spec.rules[0].http.paths[0].path", "api"),
                        cause(
                                "spec.rules[0].http.paths[0].path",
                                INVALID,
                                "Invalid value: \"api\": must be an absolute path")),
                create(
                        "a path with a double slash",
                        INGRESSES,
                        with(INGRESS, "spec.rules[0].http.paths[0].path", "/a//b"),
                        cause(
                                "spec.rules[0].http.paths[0].path",
                                INVALID,
                                "Invalid value: \"/a//b\": must not contain '//'")),
                create(
                        "a backend without a port",
                        INGRESSES,
                        with(INGRESS, "spec.rules[0].http.paths[0].backend.service.port", "{}"),
                        cause(
                                "spec.rules[0].http.paths[0].backend",
                                REQUIRED,
                                "Required value: port name or number is required")),
                create(
                        "a backend with both port name and number",
                        INGRESSES,
                        with(INGRESS, "spec.rules[0].http.paths[0].backend.service.port.number", 80),
                        cause(
                                "spec.rules[0].http.paths[0].backend",
                                INVALID,
                                "Invalid value: \"\": cannot set both port name & port number")),
                create(
                        "a backend service name that is not a DNS-1035 label",
                        INGRESSES,
                        with(INGRESS, "spec.rules[0].http.paths[0].backend.service.name", "9web"),
                        cause("spec.rules[0].http.paths[0].backend.service.name", INVALID)),
                create(
                        "an IP address as host",
                        INGRESSES,
                        with(INGRESS, "spec.rules[0].host", "10.0.0.1"),
                        cause(
                                "spec.rules[0].host",
                                INVALID,
                                "Invalid value: \"10.0.0.1\": must be a DNS name, not an IP address")),
                create(
                        "an invalid wildcard host",
                        INGRESSES,
                        with(INGRESS, "spec.rules[1].host", "*.*.example.com"),
                        cause("spec.rules[1].host", INVALID)),
                create(
                        "a rule without paths",
                        INGRESSES,
                        with(INGRESS, "spec.rules[0].http.paths", "[]"),
                        cause("spec.rules[0].http.paths", REQUIRED)),
                create(
                        "an ingress class",
                        INGRESS_CLASSES,
                        yaml("{metadata: {name: nginx}, spec: {controller: k8s.io/ingress-nginx}}")),
                create(
                        "an ingress class without controller",
                        INGRESS_CLASSES,
                        yaml("{metadata: {name: nginx}, spec: {}}"),
                        cause("spec.controller", REQUIRED)),
                create(
                        "an ingress class controller without a domain",
                        INGRESS_CLASSES,
                        yaml("{metadata: {name: nginx}, spec: {controller: nginx}}"),
                        cause(
                                "spec.controller",
                                INVALID,
                                "Invalid value: \"nginx\": must be a domain-prefixed path (such as \"acme.io/foo\")")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("creates")
    void validatesOnCreate(String name, ResourceType type, ObjectNode object, List<Expected> expected) {
        assertCauses(VALIDATION.validateCreate(type, object), expected);
    }

    static Stream<Arguments> updates() {
        return Stream.of(
                update(
                        "a service with a new selector",
                        SERVICES,
                        ALLOCATED,
                        with(ALLOCATED, "spec.selector.app", "web2")),
                update(
                        "a service turned into an external name",
                        SERVICES,
                        ALLOCATED,
                        yaml(
                                "{metadata: {name: web, namespace: default}, spec: {type: ExternalName, externalName: web.example.com}}")),
                update(
                        "a service with a second IP family added",
                        SERVICES,
                        ALLOCATED,
                        with(
                                with(ALLOCATED, "spec.clusterIPs[1]", "fd00::10"),
                                "spec.ipFamilyPolicy",
                                "PreferDualStack")),
                update(
                        "a service with a changed cluster IP",
                        SERVICES,
                        ALLOCATED,
                        with(with(ALLOCATED, "spec.clusterIP", "10.96.0.11"), "spec.clusterIPs", "[10.96.0.11]"),
                        cause(
                                "spec.clusterIPs[0]",
                                INVALID,
                                "Invalid value: [\"10.96.0.11\"]: may not change once set")),
                update(
                        "a service with its cluster IP removed",
                        SERVICES,
                        ALLOCATED,
                        SERVICE,
                        cause("spec.clusterIPs[0]", INVALID, "Invalid value: []: primary clusterIP can not be unset")),
                update(
                        "an endpoint slice with a new address type",
                        SLICES,
                        SLICE,
                        with(with(SLICE, "addressType", "IPv6"), "endpoints[0].addresses", "['fd00::5']"),
                        cause("addressType", INVALID, "Invalid value: \"IPv6\": field is immutable")),
                update(
                        "an ingress class with a new controller",
                        INGRESS_CLASSES,
                        yaml("{metadata: {name: nginx}, spec: {controller: k8s.io/ingress-nginx}}"),
                        yaml("{metadata: {name: nginx}, spec: {controller: example.com/other}}"),
                        cause("spec.controller", INVALID, "Invalid value: \"example.com/other\": field is immutable")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updates")
    void validatesOnUpdate(String name, ResourceType type, ObjectNode old, ObjectNode object, List<Expected> expected) {
        assertCauses(VALIDATION.validateUpdate(type, object, old), expected);
    }

    static Stream<Arguments> statusUpdates() {
        ObjectNode balancer = with(ALLOCATED, "spec.type", "LoadBalancer");
        return Stream.of(
                update(
                        "a load balancer address",
                        SERVICES,
                        balancer,
                        with(balancer, "status.loadBalancer.ingress", "[{ip: 203.0.113.10, ipMode: VIP}]")),
                update(
                        "a load balancer address on a cluster IP service",
                        SERVICES,
                        ALLOCATED,
                        with(ALLOCATED, "status.loadBalancer.ingress", "[{ip: 203.0.113.10}]"),
                        cause("status.loadBalancer.ingress", FORBIDDEN)),
                update(
                        "a load balancer hostname that is an IP",
                        SERVICES,
                        balancer,
                        with(balancer, "status.loadBalancer.ingress", "[{hostname: 203.0.113.10}]"),
                        cause(
                                "status.loadBalancer.ingress[0].hostname",
                                INVALID,
                                "Invalid value: \"203.0.113.10\": must be a DNS name, not an IP address")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statusUpdates")
    void validatesStatus(String name, ResourceType type, ObjectNode old, ObjectNode object, List<Expected> expected) {
        assertCauses(VALIDATION.validateStatusUpdate(type, object, old), expected);
    }

    static Arguments create(String name, ResourceType type, ObjectNode object, Expected... expected) {
        return Arguments.of(name, type, object, List.of(expected));
    }

    static Arguments update(String name, ResourceType type, ObjectNode old, ObjectNode object, Expected... expected) {
        return Arguments.of(name, type, old, object, List.of(expected));
    }
}
