package io.skiff.apiserver.authorization.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.authentication.UserInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * A RoleBinding ({@code namespace} set) or ClusterRoleBinding ({@code namespace} "") as RBAC reads
 * it.
 */
public record Binding(String name, String namespace, RoleRef roleRef, List<Subject> subjects) {

    public Binding {
        subjects = List.copyOf(subjects);
    }

    public static Binding from(JsonNode binding) {
        List<Subject> subjects = new ArrayList<>();
        binding.path("subjects").forEach(subject -> subjects.add(Subject.from(subject)));
        return new Binding(
                binding.path("metadata").path("name").asText(""),
                binding.path("metadata").path("namespace").asText(""),
                RoleRef.from(binding.path("roleRef")),
                subjects);
    }

    /** The first subject that is {@code user}, if any. */
    public Subject subjectFor(UserInfo user) {
        for (Subject subject : subjects) {
            if (subject.appliesTo(user, namespace)) {
                return subject;
            }
        }
        return null;
    }

    /**
     * How RBAC names what allowed a request: {@code ClusterRoleBinding "b" of ClusterRole "r" to
     * Group "g"}, a RoleBinding as {@code "name/namespace"}.
     */
    public String describe(Subject subject) {
        String kind = namespace.isEmpty() ? "ClusterRoleBinding \"" + name : "RoleBinding \"" + name + "/" + namespace;
        String who = subject.kind().equals("ServiceAccount")
                ? subject.name() + "/" + (subject.namespace().isEmpty() ? namespace : subject.namespace())
                : subject.name();
        return kind + "\" of " + roleRef.kind() + " \"" + roleRef.name() + "\" to " + subject.kind() + " \"" + who
                + "\"";
    }
}
