package io.skiff.apiserver.authorization.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.skiff.apiserver.authentication.RequestAuthentication;
import io.skiff.apiserver.authentication.UserInfo;
import io.skiff.apiserver.authorization.Authorizer;
import io.skiff.apiserver.authorization.Decision;
import io.skiff.apiserver.authorization.RequestAttributes;
import io.skiff.apiserver.authorization.RuleResolver;
import io.skiff.apiserver.authorization.rbac.PolicyRule;
import io.skiff.apiserver.rest.CreateOnlyResource;
import io.skiff.apiserver.rest.ErrorResponses;
import io.skiff.apiserver.rest.RequestBodies;
import io.skiff.model.api.Statuses;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The authorization.k8s.io/v1 reviews: SubjectAccessReview (may this user do that?),
 * LocalSubjectAccessReview (the same within one namespace), SelfSubjectAccessReview (may I?,
 * {@code kubectl auth can-i}) and SelfSubjectRulesReview (what may I do here?, {@code kubectl auth
 * can-i --list}). Nothing is stored: each answers the posted object with its status filled in.
 */
public final class AccessReviews {

    public static final String GROUP = "authorization.k8s.io";

    private final Authorizer authorizer;
    private final RuleResolver rules;
    private final RequestBodies bodies;

    public AccessReviews(Authorizer authorizer, RuleResolver rules, RequestBodies bodies) {
        this.authorizer = authorizer;
        this.rules = rules;
        this.bodies = bodies;
    }

    /** The four reviews in authorization.k8s.io/v1, as kube-apiserver serves them. */
    public List<CreateOnlyResource> resources() {
        return List.of(
                CreateOnlyResource.namespaced(
                        GROUP, "LocalSubjectAccessReview", "localsubjectaccessreviews", this::localSubjectAccessReview),
                CreateOnlyResource.clusterScoped(
                        GROUP, "SelfSubjectAccessReview", "selfsubjectaccessreviews", this::selfSubjectAccessReview),
                CreateOnlyResource.clusterScoped(
                        GROUP, "SelfSubjectRulesReview", "selfsubjectrulesreviews", this::selfSubjectRulesReview),
                CreateOnlyResource.clusterScoped(
                        GROUP, "SubjectAccessReview", "subjectaccessreviews", this::subjectAccessReview));
    }

    public Mono<ServerResponse> subjectAccessReview(ServerRequest request) {
        return respond(request, "SubjectAccessReview", review -> {
            JsonNode spec = review.path("spec");
            List<StatusCause> causes = attributeCauses(spec);
            if (text(spec, "user").isEmpty() && spec.path("groups").isEmpty()) {
                causes.add(invalid("spec.user", "\"\"", "at least one of user or group must be specified"));
            }
            requireValid("SubjectAccessReview", causes);
            List<String> groups = new ArrayList<>();
            spec.path("groups").forEach(g -> groups.add(g.asText()));
            UserInfo user = new UserInfo(text(spec, "user"), emptyToNull(text(spec, "uid")), groups);
            return decide(review, user, spec);
        });
    }

    public Mono<ServerResponse> localSubjectAccessReview(ServerRequest request) {
        String namespace = request.pathVariable("namespace");
        return respond(request, "LocalSubjectAccessReview", review -> {
            JsonNode spec = review.path("spec");
            List<StatusCause> causes = attributeCauses(spec);
            if (text(spec, "user").isEmpty() && spec.path("groups").isEmpty()) {
                causes.add(invalid("spec.user", "\"\"", "at least one of user or group must be specified"));
            }
            if (spec.has("nonResourceAttributes")) {
                causes.add(invalid("spec.nonResourceAttributes", "{}", "disallowed on this kind of request"));
            }
            requireValid("LocalSubjectAccessReview", causes);
            if (!text(spec.path("resourceAttributes"), "namespace").equals(namespace)) {
                throw Statuses.badRequest("spec.resourceAttributes.namespace must match namespace: " + namespace);
            }
            review.withObject("/metadata").put("namespace", namespace);
            List<String> groups = new ArrayList<>();
            spec.path("groups").forEach(g -> groups.add(g.asText()));
            UserInfo user = new UserInfo(text(spec, "user"), emptyToNull(text(spec, "uid")), groups);
            return decide(review, user, spec);
        });
    }

    public Mono<ServerResponse> selfSubjectAccessReview(ServerRequest request) {
        UserInfo user = RequestAuthentication.user(request.exchange());
        return respond(request, "SelfSubjectAccessReview", review -> {
            JsonNode spec = review.path("spec");
            requireValid("SelfSubjectAccessReview", attributeCauses(spec));
            return decide(review, user, spec);
        });
    }

    public Mono<ServerResponse> selfSubjectRulesReview(ServerRequest request) {
        UserInfo user = RequestAuthentication.user(request.exchange());
        return respond(request, "SelfSubjectRulesReview", review -> {
            String namespace = text(review.path("spec"), "namespace");
            if (namespace.isEmpty()) {
                throw Statuses.badRequest("no namespace on request");
            }
            RuleResolver.Rules found = rules.rulesFor(user, namespace);
            ObjectNode status = review.putObject("status");
            ArrayNode resourceRules = status.putArray("resourceRules");
            for (PolicyRule rule : found.resourceRules()) {
                ObjectNode json = resourceRules.addObject();
                strings(json, "verbs", rule.verbs());
                strings(json, "apiGroups", rule.apiGroups());
                strings(json, "resources", rule.resources());
                strings(json, "resourceNames", rule.resourceNames());
            }
            ArrayNode nonResourceRules = status.putArray("nonResourceRules");
            for (PolicyRule rule : found.nonResourceRules()) {
                ObjectNode json = nonResourceRules.addObject();
                strings(json, "verbs", rule.verbs());
                strings(json, "nonResourceURLs", rule.nonResourceURLs());
            }
            status.put("incomplete", found.incomplete());
            if (!found.errors().isEmpty()) {
                status.put("evaluationError", aggregate(found.errors()));
            }
            return review;
        });
    }

    private ObjectNode decide(ObjectNode review, UserInfo user, JsonNode spec) {
        Decision decision = authorizer.authorize(attributes(user, spec));
        ObjectNode status = review.putObject("status");
        status.put("allowed", decision.allowed());
        if (decision.denied()) {
            status.put("denied", true);
        }
        if (!decision.reason().isEmpty()) {
            status.put("reason", decision.reason());
        }
        return review;
    }

    /** The attributes a review asks about, as authorizationutil.ResourceAttributesFrom / NonResourceAttributesFrom. */
    static RequestAttributes attributes(UserInfo user, JsonNode spec) {
        JsonNode resource = spec.path("resourceAttributes");
        if (resource.isObject()) {
            return new RequestAttributes(
                    user,
                    text(resource, "verb"),
                    true,
                    text(resource, "group"),
                    text(resource, "version"),
                    text(resource, "resource"),
                    text(resource, "subresource"),
                    text(resource, "namespace"),
                    text(resource, "name"),
                    "");
        }
        JsonNode nonResource = spec.path("nonResourceAttributes");
        return RequestAttributes.nonResource(user, text(nonResource, "verb"), text(nonResource, "path"));
    }

    private static List<StatusCause> attributeCauses(JsonNode spec) {
        List<StatusCause> causes = new ArrayList<>();
        boolean resource = spec.path("resourceAttributes").isObject();
        boolean nonResource = spec.path("nonResourceAttributes").isObject();
        if (resource && nonResource) {
            causes.add(invalid(
                    "spec.nonResourceAttributes", "{}", "cannot be specified in combination with resourceAttributes"));
        }
        if (!resource && !nonResource) {
            causes.add(invalid(
                    "spec.resourceAttributes",
                    "\"null\"",
                    "exactly one of nonResourceAttributes or resourceAttributes must be specified"));
        }
        return causes;
    }

    private static StatusCause invalid(String field, String value, String detail) {
        StatusCause cause = new StatusCause();
        cause.setReason("FieldValueInvalid");
        cause.setField(field);
        cause.setMessage("Invalid value: " + value + ": " + detail);
        return cause;
    }

    private static void requireValid(String kind, List<StatusCause> causes) {
        if (!causes.isEmpty()) {
            throw Statuses.invalid(GROUP, kind, "", causes);
        }
    }

    private interface Review {
        ObjectNode answer(ObjectNode review);
    }

    private Mono<ServerResponse> respond(ServerRequest request, String kind, Review review) {
        return bodies.object(request)
                .map(body -> {
                    if (!body.path("kind").asText(kind).equals(kind)) {
                        throw Statuses.badRequest("the body of the request was not a " + kind);
                    }
                    ObjectNode answer = body.deepCopy();
                    answer.put("kind", kind).put("apiVersion", "authorization.k8s.io/v1");
                    ObjectNode metadata = answer.withObject("/metadata");
                    metadata.putNull("creationTimestamp");
                    if (!answer.has("spec") || !answer.get("spec").isObject()) {
                        answer.putObject("spec");
                    }
                    return review.answer(answer);
                })
                .flatMap(answer -> ServerResponse.status(HttpStatus.CREATED)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(answer.toString()))
                .onErrorResume(ErrorResponses::respond);
    }

    private static void strings(ObjectNode json, String field, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode array = json.putArray(field);
            values.forEach(array::add);
        }
    }

    private static String aggregate(List<String> errors) {
        List<String> distinct = errors.stream().distinct().toList();
        return distinct.size() == 1 ? distinct.get(0) : "[" + String.join(", ", distinct) + "]";
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : "";
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
