package io.skiff.apiserver.flowcontrol;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skiff.apiserver.authentication.UserInfo;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DefaultFlowSchemasTest {

    private final PriorityAndFairness flowControl = new PriorityAndFairness(
            600,
            Duration.ofSeconds(15),
            resource -> resource.equals("configmaps") ? 250 : 3,
            LiveConfiguration.builtin(),
            new SimpleMeterRegistry());

    @Test
    void aSubresourceMatchesOnlyRulesThatNameIt() {
        UserInfo node = new UserInfo("system:node:n1", null, List.of("system:nodes", "system:authenticated"));

        assertThat(flowControl
                        .classify(new FlowRequest(node, "patch", "", "nodes", "status", "", "/api/v1/nodes/n1/status"))
                        .name())
                .isEqualTo("system-node-high");
        assertThat(flowControl
                        .classify(new FlowRequest(node, "get", "", "nodes", "proxy", "", "/api/v1/nodes/n1/proxy"))
                        .name())
                .isEqualTo("system-nodes");
    }

    @Test
    void nonResourceRulesTakeTheirPathsAndWhatLiesUnder() {
        UserInfo anonymous = new UserInfo("system:anonymous", null, List.of("system:unauthenticated"));

        assertThat(flowControl
                        .classify(new FlowRequest(anonymous, "get", null, null, "", "", "/readyz/ping"))
                        .name())
                .isEqualTo("probes");
        assertThat(flowControl
                        .classify(new FlowRequest(anonymous, "get", null, null, "", "", "/readyzz"))
                        .name())
                .isEqualTo("global-default");
        assertThat(flowControl
                        .classify(new FlowRequest(anonymous, "post", null, null, "", "", "/healthz"))
                        .name())
                .isEqualTo("global-default");
    }

    @ParameterizedTest(name = "{0} {1} {2}/{3} in \"{4}\" → {5} ({6})")
    @CsvSource(
            delimiter = '|',
            value = {
                "system:admin;system:masters                  | list   | ''                  | pods       | default     | exempt                       | exempt",
                "system:anonymous;system:unauthenticated      | get    |                     |            |             | probes                       | exempt",
                "system:kube-scheduler                        | update | coordination.k8s.io | leases     | kube-system | system-leader-election       | leader-election",
                "system:kube-controller-manager               | get    | coordination.k8s.io | leases     | kube-system | system-leader-election       | leader-election",
                "system:node:n1;system:nodes                  | update | coordination.k8s.io | leases     | kube-node-lease | system-node-high         | node-high",
                "system:node:n1;system:nodes                  | patch  | ''                  | nodes      | ''          | system-node-high             | node-high",
                "system:node:n1;system:nodes                  | get    | ''                  | secrets    | web         | system-nodes                 | system",
                "system:kube-controller-manager               | update | ''                  | endpoints  | web         | endpoint-controller          | workload-high",
                "system:serviceaccount:kube-system:lb;system:serviceaccounts | update | '' | configmaps | web      | workload-leader-election     | leader-election",
                "system:serviceaccount:kube-system:lb;system:serviceaccounts | update | '' | configmaps | kube-system | system-leader-election | leader-election",
                "system:kube-scheduler                        | create | ''                  | pods       | web         | kube-scheduler               | workload-high",
                "system:kube-controller-manager               | list   | apps                | replicasets| ''          | kube-controller-manager      | workload-high",
                "system:kube-proxy                            | watch  | discovery.k8s.io    | endpointslices | ''      | skiff-system-components      | workload-high",
                "system:serviceaccount:kube-system:coredns;system:serviceaccounts | list | '' | services | ''      | kube-system-service-accounts | workload-high",
                "system:serviceaccount:web:default;system:serviceaccounts | list | ''        | pods       | web         | service-accounts             | workload-low",
                "alice;system:authenticated                   | list   | ''                  | pods       | web         | global-default               | global-default",
                "system:anonymous;system:unauthenticated      | list   | ''                  | pods       | web         | global-default               | global-default",
                "odd                                          | list   | ''                  | pods       | web         | catch-all                    | catch-all",
            })
    void classifiesAsKubernetesDefaultConfigurationDoes(
            String identity,
            String verb,
            String group,
            String resource,
            String namespace,
            String schema,
            String level) {
        String[] parts = identity.split(";");
        UserInfo user = new UserInfo(parts[0], null, List.of(parts).subList(1, parts.length));
        FlowRequest request = resource == null
                ? new FlowRequest(user, verb, null, null, "", "", "/readyz")
                : new FlowRequest(user, verb, group, resource, "", namespace == null ? "" : namespace, "/api/x");

        FlowSchema matched = flowControl.classify(request);

        assertThat(matched.name()).isEqualTo(schema);
        assertThat(matched.priorityLevel()).isEqualTo(level);
    }

    @Test
    void aListTakesASeatPerHundredObjectsItScansAtMostTen() {
        UserInfo alice = new UserInfo("alice", null, List.of(UserInfo.AUTHENTICATED));

        assertThat(flowControl.width(new FlowRequest(alice, "list", "", "configmaps", "", "web", "/api")))
                .as("250 ConfigMaps stored")
                .isEqualTo(3);
        assertThat(flowControl.width(new FlowRequest(alice, "list", "apps", "deployments", "", "web", "/apis")))
                .isEqualTo(1);
        assertThat(flowControl.width(new FlowRequest(alice, "get", "", "configmaps", "", "web", "/api")))
                .isEqualTo(1);
        assertThat(new PriorityAndFairness(
                                600,
                                Duration.ofSeconds(1),
                                resource -> 5000,
                                LiveConfiguration.builtin(),
                                new SimpleMeterRegistry())
                        .width(new FlowRequest(alice, "list", "", "pods", "", "", "/api")))
                .isEqualTo(10);
    }

    @Test
    void theLevelsShareTheServersConcurrencyByTheirShares() {
        // 600 seats over 245 shares, rounded up, as Kubernetes' nominal concurrency limits.
        assertThat(flowControl.seats(PriorityLevel.GLOBAL_DEFAULT)).isEqualTo(49);
        assertThat(flowControl.seats(PriorityLevel.WORKLOAD_HIGH)).isEqualTo(98);
        assertThat(flowControl.seats(PriorityLevel.SYSTEM)).isEqualTo(74);
        assertThat(flowControl.seats(PriorityLevel.WORKLOAD_LOW)).isEqualTo(245);
        assertThat(flowControl.seats(PriorityLevel.CATCH_ALL)).isEqualTo(13);
    }
}
