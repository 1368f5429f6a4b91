package io.skiff.apiserver.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequestInfoTest {

    static Stream<Arguments> paths() {
        return Stream.of(
                Arguments.of(
                        "core collection across namespaces",
                        "/api/v1/pods",
                        new RequestInfo("", "v1", null, "pods", null, null, false)),
                Arguments.of(
                        "namespaced collection",
                        "/api/v1/namespaces/ns/pods",
                        new RequestInfo("", "v1", "ns", "pods", null, null, false)),
                Arguments.of(
                        "namespaced object",
                        "/api/v1/namespaces/ns/pods/p",
                        new RequestInfo("", "v1", "ns", "pods", "p", null, false)),
                Arguments.of(
                        "subresource",
                        "/api/v1/namespaces/ns/pods/p/status",
                        new RequestInfo("", "v1", "ns", "pods", "p", "status", false)),
                Arguments.of(
                        "namespace object",
                        "/api/v1/namespaces/ns",
                        new RequestInfo("", "v1", "ns", "namespaces", "ns", null, false)),
                Arguments.of(
                        "namespace status",
                        "/api/v1/namespaces/ns/status",
                        new RequestInfo("", "v1", "ns", "namespaces", "ns", "status", false)),
                Arguments.of(
                        "namespace finalize",
                        "/api/v1/namespaces/ns/finalize",
                        new RequestInfo("", "v1", "ns", "namespaces", "ns", "finalize", false)),
                Arguments.of(
                        "group resource",
                        "/apis/apps/v1/namespaces/ns/deployments/d",
                        new RequestInfo("apps", "v1", "ns", "deployments", "d", null, false)),
                Arguments.of(
                        "cluster-scoped group resource",
                        "/apis/rbac.authorization.k8s.io/v1/clusterroles",
                        new RequestInfo("rbac.authorization.k8s.io", "v1", null, "clusterroles", null, null, false)),
                Arguments.of(
                        "legacy watch prefix",
                        "/api/v1/watch/namespaces/ns/pods",
                        new RequestInfo("", "v1", "ns", "pods", null, null, true)),
                Arguments.of(
                        "trailing slash",
                        "/api/v1/nodes/",
                        new RequestInfo("", "v1", null, "nodes", null, null, false)),
                Arguments.of(
                        "group-version root",
                        "/apis/apps/v1",
                        new RequestInfo("apps", "v1", null, null, null, null, false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void parsesPathsAsKubernetesDoes(String name, String path, RequestInfo expected) {
        assertThat(RequestInfo.parse(path)).isEqualTo(expected);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"/", "/api", "/apis", "/apis/apps", "/healthz"})
    void rootsAreNotResourceRequests(String path) {
        assertThat(RequestInfo.parse(path)).isNull();
    }

    @org.junit.jupiter.api.Test
    void anExchangeIsParsedOnceAndKeepsItsAnswer() {
        var exchange = org.springframework.mock.web.server.MockServerWebExchange.from(
                org.springframework.mock.http.server.reactive.MockServerHttpRequest.get(
                        "/apis/apps/v1/namespaces/web/deployments/front/scale"));
        RequestInfo first = RequestInfo.of(exchange);

        assertThat(first).isEqualTo(RequestInfo.parse("/apis/apps/v1/namespaces/web/deployments/front/scale"));
        assertThat(RequestInfo.of(exchange)).isSameAs(first);

        var root = org.springframework.mock.web.server.MockServerWebExchange.from(
                org.springframework.mock.http.server.reactive.MockServerHttpRequest.get("/apis/apps"));
        assertThat(RequestInfo.of(root)).isNull();
        assertThat(RequestInfo.of(root)).isNull();
    }
}
