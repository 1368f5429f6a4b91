package io.skiff.apiserver.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code ValidatePodSpec} and {@code ValidatePodTemplateSpec}: a pod's spec, whether in a Pod or in a
 * workload's template. Fields Kubernetes fills with defaults before validating are accepted when absent.
 */
final class PodSpecRules {

    static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");
    static final List<String> TAINT_EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");
    private static final List<String> DNS_POLICIES =
            List.of("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None");
    static final List<String> PREEMPTION_POLICIES = List.of("PreemptLowerPriority", "Never");
    private static final List<String> TOLERATION_OPERATORS = List.of("Equal", "Exists");
    private static final List<String> OS_NAMES = List.of("linux", "windows");
    private static final List<String> UNSATISFIABLE_ACTIONS = List.of("DoNotSchedule", "ScheduleAnyway");
    private static final List<String> NODE_INCLUSION_POLICIES = List.of("Honor", "Ignore");
    private static final List<String> FS_GROUP_CHANGE_POLICIES = List.of("Always", "OnRootMismatch");
    private static final List<String> SUPPLEMENTAL_GROUPS_POLICIES = List.of("Merge", "Strict");
    private static final List<String> SELINUX_CHANGE_POLICIES = List.of("MountOption", "Recursive");
    private static final List<String> HOST_NAMES = List.of("hostname", "subdomain");
    private static final List<String> HOST_NAMESPACES = List.of("hostNetwork", "hostPID", "hostIPC");
    private static final List<String> POD_AFFINITIES = List.of("podAffinity", "podAntiAffinity");
    private static final long DEFAULT_GRACE_PERIOD_SECONDS = 30;
    private static final int MAX_DNS_NAMESERVERS = 3;
    private static final int MAX_DNS_SEARCH_PATHS = 32;
    private static final int MAX_DNS_SEARCH_LIST_CHARS = 2048;
    private static final String SYSCTL_FMT = "^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$";
    private static final Pattern SYSCTL = Pattern.compile(SYSCTL_FMT);

    private PodSpecRules() {}

    /**
     * Validates a pod spec. {@code podName} is the pod's name for a real Pod (null for templates), which
     * also switches on the rules Kubernetes applies to pods only.
     */
    static void validate(JsonNode spec, FieldPath path, String podName, Causes causes) {
        boolean isPod = podName != null;
        long gracePeriod = Json.longOr(spec, "terminationGracePeriodSeconds", DEFAULT_GRACE_PERIOD_SECONDS);
        boolean hostUsers = !Json.has(spec, "hostUsers") || Json.isTrue(spec, "hostUsers");
        Map<String, String> volumes = VolumeRules.validateVolumes(Json.array(spec, "volumes"), podName, path, causes);
        ContainerRules.Context context = new ContainerRules.Context(volumes, gracePeriod, isPod, hostUsers);
        ArrayNode containers = Json.array(spec, "containers");
        ContainerRules.validateContainers(containers, context, path.child("containers"), causes);
        ArrayNode initContainers = Json.array(spec, "initContainers");
        if (initContainers != null) {
            ContainerRules.validateInitContainers(
                    initContainers, containers, context, path.child("initContainers"), causes);
        }
        validateHostNetworkPorts(spec, containers, path, causes);
        FieldRules.oneOf(spec, "restartPolicy", RESTART_POLICIES, path, causes);
        FieldRules.oneOf(spec, "dnsPolicy", DNS_POLICIES, path, causes);
        FieldRules.ifObject(spec, "nodeSelector", path, causes, ObjectMetaRules::validateLabels);
        validateSecurityContext(spec, path, causes);
        FieldRules.ifObject(spec, "affinity", path, causes, PodSpecRules::validateAffinity);
        validateDnsConfig(spec, path, causes);
        FieldRules.ifArray(spec, "readinessGates", path, causes, PodSpecRules::validateReadinessGates);
        FieldRules.ifArray(spec, "schedulingGates", path, causes, PodSpecRules::validateSchedulingGates);
        FieldRules.ifArray(spec, "topologySpreadConstraints", path, causes, PodSpecRules::validateTopologySpread);
        validateName(spec, "serviceAccountName", path, causes);
        validateName(spec, "nodeName", path, causes);
        validateName(spec, "priorityClassName", path, causes);
        validateName(spec, "runtimeClassName", path, causes);
        if (Json.hasNumber(spec, "activeDeadlineSeconds")) {
            long deadline = spec.get("activeDeadlineSeconds").longValue();
            if (deadline < 1 || deadline > FieldRules.MAX_INT32) {
                causes.invalid(
                        path.child("activeDeadlineSeconds"),
                        deadline,
                        NameRules.inclusiveRangeError(1, FieldRules.MAX_INT32));
            }
        }
        for (String field : HOST_NAMES) {
            String value = Json.string(spec, field);
            if (!value.isEmpty()) {
                causes.invalidAt(path, field, value, NameRules.isDns1123Label(value));
            }
        }
        FieldRules.ifArray(spec, "tolerations", path, causes, PodSpecRules::validateTolerations);
        FieldRules.ifArray(spec, "hostAliases", path, causes, PodSpecRules::validateHostAliases);
        FieldRules.oneOf(spec, "preemptionPolicy", PREEMPTION_POLICIES, path, causes);
        JsonNode overhead = Json.object(spec, "overhead");
        if (overhead != null) {
            ResourceRules.validateRequirements(overhead, null, path.child("overhead"), causes);
        }
        JsonNode os = Json.object(spec, "os");
        if (os != null) {
            String osName = Json.string(os, "name");
            if (osName.isEmpty()) {
                causes.required(path.child("os", "name"), "cannot be empty");
            } else if (!OS_NAMES.contains(osName)) {
                causes.notSupported(path.child("os"), osName, OS_NAMES);
            }
        }
        if (isPod && Json.string(spec, "serviceAccountName").isEmpty()) {
            FieldRules.ifArray(spec, "volumes", path, causes, PodSpecRules::forbidTokenProjections);
        }
    }

    /** {@code ValidatePodTemplateSpec}: a workload's pod template, which may not hold ephemeral containers. */
    static void validateTemplate(JsonNode template, FieldPath path, Causes causes) {
        JsonNode metadata = Json.object(template, "metadata");
        ObjectMetaRules.validateLabels(Json.object(metadata, "labels"), path.child("labels"), causes);
        ObjectMetaRules.validateAnnotations(Json.object(metadata, "annotations"), path.child("annotations"), causes);
        JsonNode spec = Json.object(template, "spec");
        validate(spec == null ? Json.EMPTY : spec, path.child("spec"), null, causes);
        if (!Json.isEmpty(Json.array(spec, "ephemeralContainers"))) {
            causes.forbidden(
                    path.child("spec", "ephemeralContainers"), "ephemeral containers not allowed in pod template");
        }
    }

    /** {@code ValidateTolerations}. */
    private static void validateTolerations(ArrayNode tolerations, FieldPath path, Causes causes) {
        for (int i = 0; i < tolerations.size(); i++) {
            JsonNode toleration = tolerations.get(i);
            FieldPath tolerationPath = path.index(i);
            String key = Json.string(toleration, "key");
            String operator = Json.string(toleration, "operator");
            String value = Json.string(toleration, "value");
            String effect = Json.string(toleration, "effect");
            if (!key.isEmpty()) {
                causes.invalidAt(tolerationPath, "key", key, NameRules.isQualifiedName(key));
            }
            if (key.isEmpty() && !operator.equals("Exists")) {
                causes.invalid(
                        tolerationPath.child("operator"),
                        operator,
                        "operator must be Exists when `key` is empty, which means \"match all values and all keys\"");
            }
            if (Json.has(toleration, "tolerationSeconds") && !effect.equals("NoExecute")) {
                causes.invalid(
                        tolerationPath.child("effect"),
                        effect,
                        "effect must be 'NoExecute' when `tolerationSeconds` is set");
            }
            switch (operator) {
                case "Equal", "" -> {
                    List<String> errors = NameRules.isLabelValue(value);
                    if (!errors.isEmpty()) {
                        causes.invalid(tolerationPath.child("operator"), value, String.join(";", errors));
                    }
                }
                case "Exists" -> {
                    if (!value.isEmpty()) {
                        causes.invalid(
                                tolerationPath.child("operator"),
                                toleration,
                                "value must be empty when `operator` is 'Exists'");
                    }
                }
                default -> causes.notSupported(tolerationPath.child("operator"), operator, TOLERATION_OPERATORS);
            }
            if (!effect.isEmpty() && !TAINT_EFFECTS.contains(effect)) {
                causes.notSupported(tolerationPath.child("effect"), effect, TAINT_EFFECTS);
            }
        }
    }

    /** With the host's network the container port is the host port; a different one cannot be honoured. */
    private static void validateHostNetworkPorts(JsonNode spec, ArrayNode containers, FieldPath path, Causes causes) {
        if (!Json.isTrue(spec, "hostNetwork") || containers == null) {
            return;
        }
        for (int c = 0; c < containers.size(); c++) {
            ArrayNode ports = Json.array(containers.get(c), "ports");
            if (ports == null) {
                continue;
            }
            for (int p = 0; p < ports.size(); p++) {
                long hostPort = Json.longOr(ports.get(p), "hostPort", 0);
                // An unset host port is defaulted to the container port, in pods as in templates.
                if (hostPort != 0 && hostPort != Json.longOr(ports.get(p), "containerPort", 0)) {
                    causes.invalid(
                            path.child("containers")
                                    .index(c)
                                    .child("ports")
                                    .index(p)
                                    .child("hostPort"),
                            hostPort,
                            "must match `containerPort` when `hostNetwork` is true");
                }
            }
        }
    }

    private static void validateSecurityContext(JsonNode spec, FieldPath path, Causes causes) {
        JsonNode context = Json.object(spec, "securityContext");
        FieldPath contextPath = path.child("securityContext");
        if (context != null) {
            ContainerRules.validateId(context, "fsGroup", contextPath, causes);
            ContainerRules.validateId(context, "runAsUser", contextPath, causes);
            ContainerRules.validateId(context, "runAsGroup", contextPath, causes);
            ArrayNode groups = Json.array(context, "supplementalGroups");
            if (groups != null) {
                for (int i = 0; i < groups.size(); i++) {
                    long gid = groups.get(i).asLong();
                    if (gid < 0 || gid > 0xffffffffL) {
                        causes.invalid(
                                contextPath.child("supplementalGroups").index(i),
                                gid,
                                NameRules.inclusiveRangeError(0, 0xffffffffL));
                    }
                }
            }
            validateSysctls(Json.array(context, "sysctls"), contextPath.child("sysctls"), causes);
            FieldRules.oneOf(context, "fsGroupChangePolicy", FS_GROUP_CHANGE_POLICIES, contextPath, causes);
            FieldRules.oneOf(context, "supplementalGroupsPolicy", SUPPLEMENTAL_GROUPS_POLICIES, contextPath, causes);
            FieldRules.oneOf(context, "seLinuxChangePolicy", SELINUX_CHANGE_POLICIES, contextPath, causes);
            ContainerRules.validateSeccompProfile(
                    Json.object(context, "seccompProfile"), contextPath.child("seccompProfile"), causes);
            ContainerRules.validateAppArmorProfile(
                    Json.object(context, "appArmorProfile"), contextPath.child("appArmorProfile"), causes);
        }
        if (Json.isTrue(spec, "shareProcessNamespace") && Json.isTrue(spec, "hostPID")) {
            causes.invalid(
                    contextPath.child("shareProcessNamespace"),
                    true,
                    "ShareProcessNamespace and HostPID cannot both be enabled");
        }
        JsonNode hostUsers = spec.get("hostUsers");
        if (hostUsers != null && hostUsers.isBoolean() && !hostUsers.booleanValue()) {
            for (String field : HOST_NAMESPACES) {
                if (Json.isTrue(spec, field)) {
                    causes.forbidden(path.child(field), "when `pod.Spec.HostUsers` is false");
                }
            }
        }
    }

    private static void validateSysctls(ArrayNode sysctls, FieldPath path, Causes causes) {
        if (sysctls == null) {
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < sysctls.size(); i++) {
            String name = Json.string(sysctls.get(i), "name");
            FieldPath namePath = path.index(i).child("name");
            if (name.isEmpty()) {
                causes.required(namePath, "");
            } else if (name.length() > 253 || !SYSCTL.matcher(name).matches()) {
                causes.invalid(namePath, name, "must have at most 253 characters and match regex " + SYSCTL_FMT);
            } else if (names.contains(name)) {
                causes.duplicate(namePath, name);
            }
            names.add(name);
        }
    }

    private static void validateAffinity(JsonNode affinity, FieldPath path, Causes causes) {
        JsonNode nodeAffinity = Json.object(affinity, "nodeAffinity");
        if (nodeAffinity != null) {
            FieldPath nodePath = path.child("nodeAffinity");
            JsonNode required = Json.object(nodeAffinity, "requiredDuringSchedulingIgnoredDuringExecution");
            if (required != null) {
                validateNodeSelector(
                        required, false, nodePath.child("requiredDuringSchedulingIgnoredDuringExecution"), causes);
            }
            ArrayNode preferred = Json.array(nodeAffinity, "preferredDuringSchedulingIgnoredDuringExecution");
            if (preferred != null) {
                FieldPath preferredPath = nodePath.child("preferredDuringSchedulingIgnoredDuringExecution");
                for (int i = 0; i < preferred.size(); i++) {
                    validateWeight(preferred.get(i), preferredPath.index(i), causes);
                    // Preferences may use label values nodes do not have yet: they only rank.
                    validateNodeSelectorTerm(
                            Json.object(preferred.get(i), "preference"),
                            true,
                            preferredPath.index(i).child("preference"),
                            causes);
                }
            }
        }
        for (String kind : POD_AFFINITIES) {
            JsonNode podAffinity = Json.object(affinity, kind);
            if (podAffinity == null) {
                continue;
            }
            FieldPath kindPath = path.child(kind);
            ArrayNode required = Json.array(podAffinity, "requiredDuringSchedulingIgnoredDuringExecution");
            if (required != null) {
                FieldPath requiredPath = kindPath.child("requiredDuringSchedulingIgnoredDuringExecution");
                for (int i = 0; i < required.size(); i++) {
                    validatePodAffinityTerm(required.get(i), requiredPath.index(i), causes);
                }
            }
            ArrayNode preferred = Json.array(podAffinity, "preferredDuringSchedulingIgnoredDuringExecution");
            if (preferred != null) {
                FieldPath preferredPath = kindPath.child("preferredDuringSchedulingIgnoredDuringExecution");
                for (int i = 0; i < preferred.size(); i++) {
                    validateWeight(preferred.get(i), preferredPath.index(i), causes);
                    validatePodAffinityTerm(
                            Json.object(preferred.get(i), "podAffinityTerm"),
                            preferredPath.index(i).child("podAffinityTerm"),
                            causes);
                }
            }
        }
    }

    /** {@code ValidateNodeSelector}: at least one term, each with valid requirements. */
    static void validateNodeSelector(JsonNode selector, boolean allowInvalidValues, FieldPath path, Causes causes) {
        ArrayNode terms = Json.array(selector, "nodeSelectorTerms");
        FieldPath termsPath = path.child("nodeSelectorTerms");
        if (Json.isEmpty(terms)) {
            causes.required(termsPath, "must have at least one node selector term");
            return;
        }
        for (int i = 0; i < terms.size(); i++) {
            validateNodeSelectorTerm(terms.get(i), allowInvalidValues, termsPath.index(i), causes);
        }
    }

    private static void validateNodeSelectorTerm(
            JsonNode term, boolean allowInvalidValues, FieldPath path, Causes causes) {
        ArrayNode expressions = Json.array(term, "matchExpressions");
        if (expressions != null) {
            for (int i = 0; i < expressions.size(); i++) {
                validateNodeSelectorRequirement(
                        expressions.get(i),
                        allowInvalidValues,
                        path.child("matchExpressions").index(i),
                        causes);
            }
        }
        ArrayNode fields = Json.array(term, "matchFields");
        if (fields != null) {
            for (int i = 0; i < fields.size(); i++) {
                validateNodeFieldRequirement(
                        fields.get(i), path.child("matchFields").index(i), causes);
            }
        }
    }

    private static void validateNodeSelectorRequirement(
            JsonNode requirement, boolean allowInvalidValues, FieldPath path, Causes causes) {
        ArrayNode values = Json.array(requirement, "values");
        int count = Json.size(values);
        String operator = Json.string(requirement, "operator");
        switch (operator) {
            case "In", "NotIn" -> {
                if (count == 0) {
                    causes.required(path.child("values"), "must be specified when `operator` is 'In' or 'NotIn'");
                }
            }
            case "Exists", "DoesNotExist" -> {
                if (count > 0) {
                    causes.forbidden(
                            path.child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
                }
            }
            case "Gt", "Lt" -> {
                if (count != 1) {
                    causes.required(
                            path.child("values"), "must be specified single value when `operator` is 'Lt' or 'Gt'");
                }
            }
            default -> causes.invalid(path.child("operator"), operator, "not a valid selector operator");
        }
        String key = Json.string(requirement, "key");
        causes.invalidAt(path, "key", key, NameRules.isQualifiedName(key));
        if (!allowInvalidValues && values != null) {
            for (int i = 0; i < values.size(); i++) {
                String value = values.get(i).asText();
                causes.invalid(path.child("values").index(i), value, NameRules.isLabelValue(value));
            }
        }
    }

    private static void validateNodeFieldRequirement(JsonNode requirement, FieldPath path, Causes causes) {
        ArrayNode values = Json.array(requirement, "values");
        String operator = Json.string(requirement, "operator");
        if (operator.equals("In") || operator.equals("NotIn")) {
            if (Json.size(values) != 1) {
                causes.required(
                        path.child("values"),
                        "must be only one value when `operator` is 'In' or 'NotIn' for node field selector");
            }
        } else {
            causes.invalid(path.child("operator"), operator, "not a valid selector operator");
        }
        String key = Json.string(requirement, "key");
        if (!key.equals("metadata.name")) {
            causes.invalid(path.child("key"), key, "not a valid field selector key");
        } else if (values != null) {
            for (int i = 0; i < values.size(); i++) {
                String value = values.get(i).asText();
                causes.invalid(path.child("values").index(i), value, NameRules.isDns1123Subdomain(value));
            }
        }
    }

    private static void validatePodAffinityTerm(JsonNode term, FieldPath path, Causes causes) {
        SelectorRules.validate(Json.object(term, "labelSelector"), path.child("labelSelector"), causes);
        SelectorRules.validate(Json.object(term, "namespaceSelector"), path.child("namespaceSelector"), causes);
        ArrayNode namespaces = Json.array(term, "namespaces");
        if (namespaces != null) {
            for (JsonNode namespace : namespaces) {
                causes.invalid(
                        path.child("namespace"), namespace.asText(), NameRules.isDns1123Label(namespace.asText()));
            }
        }
        String topologyKey = Json.string(term, "topologyKey");
        if (topologyKey.isEmpty()) {
            causes.required(path.child("topologyKey"), "can not be empty");
        }
        causes.invalidAt(path, "topologyKey", topologyKey, NameRules.isQualifiedName(topologyKey));
    }

    private static void validateWeight(JsonNode weighted, FieldPath path, Causes causes) {
        long weight = Json.longOr(weighted, "weight", 0);
        if (weight <= 0 || weight > 100) {
            causes.invalid(path.child("weight"), weight, "must be in the range 1-100");
        }
    }

    private static void validateDnsConfig(JsonNode spec, FieldPath path, Causes causes) {
        JsonNode config = Json.object(spec, "dnsConfig");
        boolean dnsPolicyNone = "None".equals(Json.text(spec, "dnsPolicy"));
        if (config == null && !dnsPolicyNone) {
            return;
        }
        FieldPath configPath = path.child("dnsConfig");
        ArrayNode nameservers = Json.array(config, "nameservers");
        if (dnsPolicyNone) {
            if (config == null) {
                causes.required(configPath, "must provide `dnsConfig` when `dnsPolicy` is None");
                return;
            }
            if (Json.isEmpty(nameservers)) {
                causes.required(
                        configPath.child("nameservers"),
                        "must provide at least one DNS nameserver when `dnsPolicy` is None");
                return;
            }
        }
        if (config == null) {
            return;
        }
        if (Json.size(nameservers) > MAX_DNS_NAMESERVERS) {
            causes.invalid(configPath.child("nameservers"), nameservers, "must not have more than 3 nameservers");
        }
        if (nameservers != null) {
            for (int i = 0; i < nameservers.size(); i++) {
                String server = nameservers.get(i).asText();
                if (!IpAddresses.isIp(server)) {
                    causes.invalid(configPath.child("nameservers").index(i), server, IpAddresses.INVALID_IP);
                }
            }
        }
        ArrayNode searches = Json.array(config, "searches");
        if (searches != null) {
            if (searches.size() > MAX_DNS_SEARCH_PATHS) {
                causes.invalid(configPath.child("searches"), searches, "must not have more than 32 search paths");
            }
            int length = Math.max(0, searches.size() - 1);
            for (JsonNode search : searches) {
                length += search.asText().length();
            }
            if (length > MAX_DNS_SEARCH_LIST_CHARS) {
                causes.invalid(
                        configPath.child("searches"),
                        searches,
                        "must not have more than 2048 characters (including spaces) in the search list");
            }
            for (int i = 0; i < searches.size(); i++) {
                String search = searches.get(i).asText();
                String domain = search.endsWith(".") ? search.substring(0, search.length() - 1) : search;
                causes.invalid(configPath.child("searches").index(i), domain, NameRules.isDns1123Subdomain(domain));
            }
        }
        ArrayNode options = Json.array(config, "options");
        if (options != null) {
            for (int i = 0; i < options.size(); i++) {
                if (Json.string(options.get(i), "name").isEmpty()) {
                    causes.required(configPath.child("options").index(i), "must not be empty");
                }
            }
        }
    }

    private static void validateReadinessGates(ArrayNode gates, FieldPath path, Causes causes) {
        for (int i = 0; i < gates.size(); i++) {
            String type = Json.string(gates.get(i), "conditionType");
            causes.invalidAt(path.index(i), "conditionType", type, NameRules.isQualifiedName(type));
        }
    }

    private static void validateSchedulingGates(ArrayNode gates, FieldPath path, Causes causes) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < gates.size(); i++) {
            String name = Json.string(gates.get(i), "name");
            causes.invalid(path.index(i), name, NameRules.isQualifiedName(name));
            if (!seen.add(name)) {
                causes.duplicate(path.index(i), name);
            }
        }
    }

    private static void validateTopologySpread(ArrayNode constraints, FieldPath path, Causes causes) {
        for (int i = 0; i < constraints.size(); i++) {
            JsonNode constraint = constraints.get(i);
            FieldPath constraintPath = path.index(i);
            long maxSkew = Json.longOr(constraint, "maxSkew", 0);
            if (maxSkew <= 0) {
                causes.invalid(constraintPath.child("maxSkew"), maxSkew, FieldRules.NOT_POSITIVE);
            }
            String topologyKey = Json.string(constraint, "topologyKey");
            if (topologyKey.isEmpty()) {
                causes.required(constraintPath.child("topologyKey"), "can not be empty");
            }
            String action = Json.string(constraint, "whenUnsatisfiable");
            if (!UNSATISFIABLE_ACTIONS.contains(action)) {
                causes.notSupported(constraintPath.child("whenUnsatisfiable"), action, UNSATISFIABLE_ACTIONS);
            }
            for (int j = i + 1; j < constraints.size(); j++) {
                if (topologyKey.equals(Json.string(constraints.get(j), "topologyKey"))
                        && action.equals(Json.string(constraints.get(j), "whenUnsatisfiable"))) {
                    causes.duplicate(
                            constraintPath.child("{topologyKey, whenUnsatisfiable}"),
                            "{" + topologyKey + ", " + action + "}");
                    break;
                }
            }
            if (Json.hasNumber(constraint, "minDomains")) {
                long minDomains = constraint.get("minDomains").longValue();
                if (minDomains <= 0) {
                    causes.invalid(constraintPath.child("minDomains"), minDomains, FieldRules.NOT_POSITIVE);
                }
                if (!action.equals("DoNotSchedule")) {
                    causes.invalid(
                            constraintPath.child("minDomains"),
                            minDomains,
                            "can only use minDomains if whenUnsatisfiable=DoNotSchedule, not " + action);
                }
            }
            FieldRules.oneOf(constraint, "nodeAffinityPolicy", NODE_INCLUSION_POLICIES, constraintPath, causes);
            FieldRules.oneOf(constraint, "nodeTaintsPolicy", NODE_INCLUSION_POLICIES, constraintPath, causes);
            SelectorRules.validate(
                    Json.object(constraint, "labelSelector"), constraintPath.child("labelSelector"), causes);
        }
    }

    private static void validateHostAliases(ArrayNode aliases, FieldPath path, Causes causes) {
        for (int i = 0; i < aliases.size(); i++) {
            JsonNode alias = aliases.get(i);
            String ip = Json.string(alias, "ip");
            if (!IpAddresses.isIp(ip)) {
                causes.invalid(path.index(i).child("ip"), ip, IpAddresses.INVALID_IP);
            }
            ArrayNode hostnames = Json.array(alias, "hostnames");
            if (hostnames != null) {
                for (int j = 0; j < hostnames.size(); j++) {
                    String hostname = hostnames.get(j).asText();
                    causes.invalid(
                            path.index(i).child("hostnames").index(j),
                            hostname,
                            NameRules.isDns1123Subdomain(hostname));
                }
            }
        }
    }

    /** Token projections act as the pod's service account; without one there is nothing to project. */
    private static void forbidTokenProjections(ArrayNode volumes, FieldPath path, Causes causes) {
        for (int i = 0; i < volumes.size(); i++) {
            ArrayNode sources = Json.array(Json.object(volumes.get(i), "projected"), "sources");
            if (sources == null) {
                continue;
            }
            for (int j = 0; j < sources.size(); j++) {
                if (Json.has(sources.get(j), "serviceAccountToken")) {
                    causes.forbidden(
                            path.index(i)
                                    .child("projected")
                                    .child("sources")
                                    .index(j)
                                    .child("serviceAccountToken"),
                            "must not be specified when serviceAccountName is not set");
                }
            }
        }
    }

    private static void validateName(JsonNode spec, String field, FieldPath path, Causes causes) {
        String value = Json.string(spec, field);
        if (!value.isEmpty()) {
            causes.invalidAt(path, field, value, NameRules.isDns1123Subdomain(value));
        }
    }
}
