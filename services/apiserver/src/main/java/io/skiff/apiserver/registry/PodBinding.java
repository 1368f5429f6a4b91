package io.skiff.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.api.Statuses;
import io.skiff.model.catalog.ResourceType;
import java.time.Clock;
import reactor.core.publisher.Mono;

/**
 * pods/binding: how a scheduler assigns a pod to a node. Sets spec.nodeName once (a second binding
 * is a 409, as in Kubernetes) and the PodScheduled condition.
 */
public final class PodBinding {

    private final ObjectRegistry registry;
    private final ResourceType pods;
    private final Clock clock;

    public PodBinding(ObjectRegistry registry, ResourceType pods, Clock clock) {
        this.registry = registry;
        this.pods = pods;
        this.clock = clock;
    }

    public Mono<Void> bind(String namespace, String podName, ObjectNode binding, boolean dryRun) {
        String target = binding.path("target").path("name").asText("");
        String kind = binding.path("target").path("kind").asText("Node");
        if (target.isEmpty()) {
            throw Statuses.badRequest("a binding needs target.name, the node to bind to");
        }
        if (!kind.isEmpty() && !kind.equals("Node")) {
            throw Statuses.badRequest("a pod can only be bound to a Node, not a " + kind);
        }
        String bindingName = binding.path("metadata").path("name").asText(podName);
        if (!bindingName.equals(podName)) {
            throw Statuses.badRequest(
                    "the name of the binding (" + bindingName + ") does not match the pod (" + podName + ")");
        }
        String uid = binding.path("metadata").path("uid").asText("");
        return registry.guaranteedUpdate(pods, namespace, podName, null, dryRun, current -> {
                    ObjectNode pod = current.object().deepCopy();
                    if (!uid.isEmpty() && !uid.equals(Meta.text(pod, "uid"))) {
                        throw Statuses.conflict(
                                "",
                                "pods",
                                podName,
                                "Precondition failed: UID in precondition: " + uid + ", UID in object meta: "
                                        + Meta.text(pod, "uid"));
                    }
                    if (Meta.isDeleting(pod)) {
                        throw Statuses.conflict(
                                "",
                                "pods",
                                podName,
                                "pod " + podName + " is being deleted, cannot be assigned to a host");
                    }
                    ObjectNode spec = (ObjectNode) pod.path("spec");
                    String assigned = spec.path("nodeName").asText("");
                    if (!assigned.isEmpty()) {
                        throw Statuses.conflict(
                                "",
                                "pods/binding",
                                podName,
                                "pod " + podName + " is already assigned to node \"" + assigned + "\"");
                    }
                    spec.put("nodeName", target);
                    markScheduled(pod);
                    return pod;
                })
                .then();
    }

    private void markScheduled(ObjectNode pod) {
        JsonNode status = pod.get("status");
        ObjectNode statusNode = status instanceof ObjectNode node ? node : pod.putObject("status");
        JsonNode conditions = statusNode.get("conditions");
        ArrayNode list = conditions instanceof ArrayNode array ? array : statusNode.putArray("conditions");
        for (JsonNode condition : list) {
            if ("PodScheduled".equals(condition.path("type").asText())) {
                ((ObjectNode) condition).put("status", "True");
                ((ObjectNode) condition).remove("reason");
                ((ObjectNode) condition).remove("message");
                ((ObjectNode) condition).put("lastTransitionTime", Meta.timestamp(clock.instant()));
                return;
            }
        }
        list.addObject()
                .put("type", "PodScheduled")
                .put("status", "True")
                .putNull("lastProbeTime")
                .put("lastTransitionTime", Meta.timestamp(clock.instant()));
    }
}
