package io.skiff.apiserver.flowcontrol;

import java.util.List;

/**
 * One rule of a flow schema, as Kubernetes' PolicyRulesWithSubjects: it matches a request whose
 * requester is one of the subjects and that one of the resource or non-resource rules describes.
 * Matching follows kube-apiserver's APF matching, wildcards ({@code *}) included.
 */
public record PolicyRulesWithSubjects(
        List<Subject> subjects, List<ResourcePolicyRule> resourceRules, List<NonResourcePolicyRule> nonResourceRules) {

    public static final String ALL = "*";

    public PolicyRulesWithSubjects {
        subjects = List.copyOf(subjects);
        resourceRules = List.copyOf(resourceRules);
        nonResourceRules = List.copyOf(nonResourceRules);
    }

    boolean matches(FlowRequest request) {
        return subjects.stream().anyMatch(subject -> subject.matches(request))
                && (request.isResourceRequest()
                        ? resourceRules.stream().anyMatch(rule -> rule.matches(request))
                        : nonResourceRules.stream().anyMatch(rule -> rule.matches(request)));
    }

    /** A user, group or service account ({@code name} may be {@code *}); namespace only for service accounts. */
    public record Subject(Kind kind, String name, String namespace) {

        public enum Kind {
            User,
            Group,
            ServiceAccount
        }

        public static Subject user(String name) {
            return new Subject(Kind.User, name, null);
        }

        public static Subject group(String name) {
            return new Subject(Kind.Group, name, null);
        }

        public static Subject serviceAccount(String namespace, String name) {
            return new Subject(Kind.ServiceAccount, name, namespace);
        }

        boolean matches(FlowRequest request) {
            return switch (kind) {
                case User -> name.equals(ALL) || name.equals(request.user().name());
                case Group -> name.equals(ALL) || request.user().groups().contains(name);
                case ServiceAccount ->
                    namespace.equals(request.serviceAccountNamespace())
                            && (name.equals(ALL) || name.equals(request.serviceAccountName()));
            };
        }
    }

    /**
     * Resource requests: verbs, groups and resources ({@code resource/subresource} for a
     * subresource) each listed or {@code *}; a namespaced request's namespace among
     * {@code namespaces} (or {@code *}); a cluster-scoped request only with {@code clusterScope}.
     */
    public record ResourcePolicyRule(
            List<String> verbs,
            List<String> apiGroups,
            List<String> resources,
            boolean clusterScope,
            List<String> namespaces) {

        public ResourcePolicyRule {
            verbs = List.copyOf(verbs);
            apiGroups = List.copyOf(apiGroups);
            resources = List.copyOf(resources);
            namespaces = List.copyOf(namespaces);
        }

        boolean matches(FlowRequest request) {
            String resource = request.subresource().isEmpty()
                    ? request.resource()
                    : request.resource() + "/" + request.subresource();
            return listed(verbs, request.verb())
                    && listed(apiGroups, request.apiGroup())
                    && listed(resources, resource)
                    && (request.namespace().isEmpty() ? clusterScope : listed(namespaces, request.namespace()));
        }
    }

    /**
     * Non-resource requests: the verb listed or {@code *}; the path equal to a listed URL, under one
     * (a listed {@code /healthz} or {@code /healthz/*} also takes {@code /healthz/etcd}) or {@code *}.
     */
    public record NonResourcePolicyRule(List<String> verbs, List<String> nonResourceURLs) {

        public NonResourcePolicyRule {
            verbs = List.copyOf(verbs);
            nonResourceURLs = List.copyOf(nonResourceURLs);
        }

        boolean matches(FlowRequest request) {
            if (!listed(verbs, request.verb())) {
                return false;
            }
            String path = request.path();
            for (String url : nonResourceURLs) {
                if (url.equals(ALL) || url.equals(path)) {
                    return true;
                }
                String prefix = url.endsWith("*") ? url.substring(0, url.length() - 1) : url;
                if (!url.endsWith("/")) {
                    prefix = prefix + "/";
                }
                if (path.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static boolean listed(List<String> values, String value) {
        return values.contains(ALL) || values.contains(value);
    }
}
