package io.skiff.apiserver.authorization.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.admission.Attributes;
import io.skiff.apiserver.admission.Operation;
import io.skiff.apiserver.admission.ValidatingAdmission;
import io.skiff.apiserver.authentication.UserInfo;
import io.skiff.apiserver.authorization.Authorizer;
import io.skiff.apiserver.authorization.Forbidden;
import io.skiff.apiserver.authorization.PrivilegedGroups;
import io.skiff.apiserver.authorization.RequestAttributes;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * RBAC's escalation prevention, as Kubernetes' policy-based RBAC storage: a Role or ClusterRole
 * may only grant what its writer holds (unless the writer may {@code escalate} it), an aggregating
 * ClusterRole needs cluster-admin, and a binding may only grant a role whose permissions its writer
 * holds (unless the writer may {@code bind} it). Members of {@code system:masters} and the API
 * server's own writes are not checked. Always part of the write path, whatever admission plugins
 * are enabled.
 */
public final class EscalationCheck implements ValidatingAdmission {

    static final List<PolicyRule> FULL_AUTHORITY = List.of(
            PolicyRule.resources(List.of("*"), List.of("*"), List.of("*")),
            PolicyRule.nonResource(List.of("*"), List.of("*")));

    private final Supplier<RbacPolicy> policy;
    private final Authorizer authorizer;

    public EscalationCheck(Supplier<RbacPolicy> policy, Authorizer authorizer) {
        this.policy = policy;
        this.authorizer = authorizer;
    }

    @Override
    public String name() {
        return "RBACEscalationCheck";
    }

    @Override
    public boolean handles(Operation operation) {
        return operation == Operation.CREATE || operation == Operation.UPDATE;
    }

    @Override
    public void validate(Attributes attributes) {
        UserInfo user = attributes.userInfo();
        if (user == null
                || user.groups().contains(PrivilegedGroups.SYSTEM_MASTERS)
                || !attributes.subresource().isEmpty()
                || !attributes.type().group().equals(RbacPolicySource.GROUP)) {
            return;
        }
        if (attributes.operation() == Operation.UPDATE
                && onlyGarbageCollectionFields(attributes.object(), attributes.oldObject())) {
            return;
        }
        switch (attributes.type().plural()) {
            case "roles", "clusterroles" -> checkRole(attributes, user);
            case "rolebindings", "clusterrolebindings" -> checkBinding(attributes, user);
            default -> {}
        }
    }

    private void checkRole(Attributes attributes, UserInfo user) {
        String plural = attributes.type().plural();
        // RoleEscalationAuthorized names the object as the request does: a create names none.
        String requestName = attributes.operation() == Operation.CREATE ? "" : attributes.name();
        if (allowed(user, "escalate", RbacPolicySource.GROUP, plural, attributes.namespace(), requestName)) {
            return;
        }
        List<PolicyRule> rules = PolicyRule.listFrom(attributes.object().path("rules"));
        confirmNoEscalation(user, attributes.namespace(), rules, plural, attributes.name());
        boolean aggregates = attributes.object().has("aggregationRule")
                || (attributes.oldObject() != null && attributes.oldObject().has("aggregationRule"));
        if (plural.equals("clusterroles") && aggregates) {
            ResolvedCheck full = check(user, "", FULL_AUTHORITY);
            if (full.refused()) {
                throw Forbidden.newForbidden(
                        RbacPolicySource.GROUP,
                        plural,
                        attributes.name(),
                        "must have cluster-admin privileges to use the aggregationRule");
            }
        }
    }

    private void checkBinding(Attributes attributes, UserInfo user) {
        String plural = attributes.type().plural();
        RoleRef ref = RoleRef.from(attributes.object().path("roleRef"));
        String namespace = attributes.namespace();
        if (allowed(user, "bind", ref.apiGroup(), ref.resource(), namespace, ref.name())) {
            return;
        }
        List<PolicyRule> rules = policy.get()
                .roleRules(ref, namespace)
                .orElseThrow(() -> Forbidden.newForbidden(
                        RbacPolicySource.GROUP, plural, attributes.name(), RbacPolicy.unresolved(ref)));
        confirmNoEscalation(user, namespace, rules, plural, attributes.name());
    }

    private boolean allowed(UserInfo user, String verb, String group, String resource, String namespace, String name) {
        return authorizer
                .authorize(RequestAttributes.resource(user, verb, group, resource, "", namespace, name))
                .allowed();
    }

    private void confirmNoEscalation(
            UserInfo user, String namespace, List<PolicyRule> rules, String plural, String name) {
        ResolvedCheck result = check(user, namespace, rules);
        if (result.refused()) {
            throw Forbidden.newForbidden(RbacPolicySource.GROUP, plural, name, result.message(user));
        }
    }

    private ResolvedCheck check(UserInfo user, String namespace, List<PolicyRule> rules) {
        RbacPolicy.ResolvedRules owner = policy.get().rulesFor(user, namespace);
        return new ResolvedCheck(RuleCoverage.uncovered(owner.rules(), rules), owner.errors());
    }

    private record ResolvedCheck(List<PolicyRule> missing, List<String> errors) {

        boolean refused() {
            return !missing.isEmpty();
        }

        /** ConfirmNoEscalation's message: the compacted missing rules, one a line, sorted. */
        String message(UserInfo user) {
            TreeSet<String> descriptions = new TreeSet<>();
            RuleCoverage.compact(missing).forEach(rule -> descriptions.add(RuleCoverage.compactString(rule)));
            String message = "user \"" + user.name() + "\" (groups=" + RuleCoverage.quoted(user.groups())
                    + ") is attempting to grant RBAC permissions not currently held:\n"
                    + String.join("\n", descriptions);
            if (!errors.isEmpty()) {
                message += "; resolution errors: [" + String.join(" ", errors) + "]";
            }
            return message;
        }
    }

    /** IsOnlyMutatingGCFields: nothing but owner references and finalizers changed. */
    static boolean onlyGarbageCollectionFields(ObjectNode updated, ObjectNode old) {
        if (updated == null || old == null) {
            return false;
        }
        return withoutBookkeeping(updated).equals(withoutBookkeeping(old));
    }

    private static JsonNode withoutBookkeeping(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        if (copy.get("metadata") instanceof ObjectNode metadata) {
            for (String field :
                    List.of("ownerReferences", "finalizers", "resourceVersion", "managedFields", "generation")) {
                metadata.remove(field);
            }
        }
        return copy;
    }
}
