package io.skiff.apiserver.authorization.node;

import io.skiff.apiserver.authentication.NodeIdentity;
import io.skiff.apiserver.authorization.Authorizer;
import io.skiff.apiserver.authorization.Decision;
import io.skiff.apiserver.authorization.RequestAttributes;
import io.skiff.apiserver.authorization.rbac.PolicyRule;
import java.util.List;
import java.util.Optional;

/**
 * Kubernetes' node authorizer: a kubelet ({@code system:node:<name>} in {@code system:nodes}) may
 * read the secrets, configmaps, claims and volumes of pods bound to its node, request tokens for
 * their service accounts and use its own Lease; everything else it may do is the node rules
 * (the {@code system:node} role's). Users that are not nodes get no opinion.
 */
public final class NodeAuthorizer implements Authorizer {

    static final String NODE_LEASE_NAMESPACE = "kube-node-lease";

    private final NodeRelations graph;
    private final List<PolicyRule> nodeRules;

    public NodeAuthorizer(NodeRelations graph, List<PolicyRule> nodeRules) {
        this.graph = graph;
        this.nodeRules = List.copyOf(nodeRules);
    }

    @Override
    public Decision authorize(RequestAttributes request) {
        Optional<String> identity = NodeIdentity.of(request.user());
        if (identity.isEmpty()) {
            return Decision.NO_OPINION;
        }
        String node = identity.get();
        if (node.isEmpty()) {
            return Decision.noOpinion(
                    "unknown node for user \"" + request.user().name() + "\"");
        }
        if (request.resourceRequest()) {
            String group = request.apiGroup();
            String resource = request.resource();
            if (group.isEmpty()) {
                switch (resource) {
                    case "secrets" -> {
                        return readNamespaced(node, NodeRelations.Kind.SECRET, request);
                    }
                    case "configmaps" -> {
                        return readNamespaced(node, NodeRelations.Kind.CONFIG_MAP, request);
                    }
                    case "persistentvolumeclaims" -> {
                        return request.subresource().equals("status")
                                ? statusUpdate(node, NodeRelations.Kind.CLAIM, request)
                                : get(node, NodeRelations.Kind.CLAIM, request);
                    }
                    case "persistentvolumes" -> {
                        return get(node, NodeRelations.Kind.VOLUME, request);
                    }
                    case "serviceaccounts" -> {
                        return createToken(node, request);
                    }
                    default -> {}
                }
            } else if (group.equals("coordination.k8s.io") && resource.equals("leases")) {
                return lease(node, request);
            }
        }
        for (PolicyRule rule : nodeRules) {
            if (rule.allows(request)) {
                return Decision.ALLOW;
            }
        }
        return Decision.NO_OPINION;
    }

    private Decision readNamespaced(String node, NodeRelations.Kind kind, RequestAttributes request) {
        switch (request.verb()) {
            case "get", "list", "watch" -> {}
            default -> {
                return Decision.noOpinion("can only read resources of this type");
            }
        }
        if (!request.subresource().isEmpty()) {
            return Decision.noOpinion("cannot read subresource");
        }
        if (request.namespace().isEmpty()) {
            return Decision.noOpinion("can only read namespaced object of this type");
        }
        return related(node, kind, request);
    }

    private Decision get(String node, NodeRelations.Kind kind, RequestAttributes request) {
        if (!request.verb().equals("get")) {
            return Decision.noOpinion("can only get individual resources of this type");
        }
        if (!request.subresource().isEmpty()) {
            return Decision.noOpinion("cannot get subresource");
        }
        return related(node, kind, request);
    }

    private Decision statusUpdate(String node, NodeRelations.Kind kind, RequestAttributes request) {
        switch (request.verb()) {
            case "update", "patch" -> {}
            default -> {
                return Decision.noOpinion("can only get/update/patch this type");
            }
        }
        return related(node, kind, request);
    }

    private Decision createToken(String node, RequestAttributes request) {
        if (!request.verb().equals("create") || !request.subresource().equals("token")) {
            return Decision.noOpinion("can only create tokens for individual service accounts");
        }
        return related(node, NodeRelations.Kind.SERVICE_ACCOUNT, request);
    }

    private Decision lease(String node, RequestAttributes request) {
        switch (request.verb()) {
            case "get", "create", "update", "patch", "delete" -> {}
            default -> {
                return Decision.noOpinion("can only get, create, update, patch, or delete a node lease");
            }
        }
        if (!request.namespace().equals(NODE_LEASE_NAMESPACE)) {
            return Decision.noOpinion(
                    "can only access leases in the \"" + NODE_LEASE_NAMESPACE + "\" system namespace");
        }
        if (!request.verb().equals("create") && !request.name().equals(node)) {
            return Decision.noOpinion("can only access node lease with the same name as the requesting node");
        }
        return Decision.ALLOW;
    }

    private Decision related(String node, NodeRelations.Kind kind, RequestAttributes request) {
        if (request.name().isEmpty()) {
            return Decision.noOpinion("No Object name found");
        }
        if (graph.related(node, kind, request.namespace(), request.name())) {
            return Decision.ALLOW;
        }
        return Decision.noOpinion("no relationship found between node '" + node + "' and this object");
    }
}
