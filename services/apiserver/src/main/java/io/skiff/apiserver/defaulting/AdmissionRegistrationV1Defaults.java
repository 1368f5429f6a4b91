package io.skiff.apiserver.defaulting;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Defaults of admissionregistration.k8s.io/v1 (pkg/apis/admissionregistration/v1/defaults.go). */
final class AdmissionRegistrationV1Defaults {

    private static final String GROUP_VERSION = "admissionregistration.k8s.io/v1";
    private static final int WEBHOOK_TIMEOUT_SECONDS = 10;
    private static final int SERVICE_PORT = 443;

    private AdmissionRegistrationV1Defaults() {}

    static void addTo(KindTable table) {
        table.add(GROUP_VERSION, "ValidatingWebhookConfiguration", configuration -> webhooks(configuration, false))
                .add(GROUP_VERSION, "MutatingWebhookConfiguration", configuration -> webhooks(configuration, true))
                .add(GROUP_VERSION, "ValidatingAdmissionPolicy", AdmissionRegistrationV1Defaults::policy)
                .add(
                        GROUP_VERSION,
                        "ValidatingAdmissionPolicyBinding",
                        binding -> matchResources(Json.child(Json.child(binding, "spec"), "matchResources")));
    }

    private static void webhooks(ObjectNode configuration, boolean mutating) {
        for (ObjectNode webhook : Json.items(configuration, "webhooks")) {
            Json.putIfNull(webhook, "failurePolicy", "Fail");
            Json.putIfNull(webhook, "matchPolicy", "Equivalent");
            GoEncoding.struct(webhook, "namespaceSelector");
            GoEncoding.struct(webhook, "objectSelector");
            Json.putIfNull(webhook, "timeoutSeconds", WEBHOOK_TIMEOUT_SECONDS);
            if (mutating) {
                Json.putIfNull(webhook, "reinvocationPolicy", "Never");
            }
            rules(webhook, "rules");
            Json.putIfNull(Json.child(Json.child(webhook, "clientConfig"), "service"), "port", SERVICE_PORT);
        }
    }

    private static void policy(ObjectNode policy) {
        ObjectNode spec = Json.child(policy, "spec");
        if (spec != null) {
            Json.putIfNull(spec, "failurePolicy", "Fail");
            matchResources(Json.child(spec, "matchConstraints"));
        }
        GoEncoding.struct(policy, "status");
    }

    private static void matchResources(ObjectNode match) {
        if (match == null) {
            return;
        }
        Json.putIfNull(match, "matchPolicy", "Equivalent");
        GoEncoding.struct(match, "namespaceSelector");
        GoEncoding.struct(match, "objectSelector");
        rules(match, "resourceRules");
        rules(match, "excludeResourceRules");
    }

    private static void rules(ObjectNode holder, String field) {
        for (ObjectNode rule : Json.items(holder, field)) {
            Json.putIfNull(rule, "scope", "*");
        }
    }
}
