package io.skiff.apiserver.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Containers of a pod spec: names, images, ports, environment, mounts, resources, probes and hooks. */
final class ContainerRules {

    static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");
    private static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");
    private static final List<String> TERMINATION_MESSAGE_POLICIES = List.of("File", "FallbackToLogsOnError");
    private static final List<String> HTTP_SCHEMES = List.of("HTTP", "HTTPS");
    private static final List<String> MOUNT_PROPAGATIONS = List.of("Bidirectional", "HostToContainer", "None");
    private static final List<String> RECURSIVE_READ_ONLY = List.of("Disabled", "Enabled", "IfPossible");
    private static final List<String> PROC_MOUNTS = List.of("Default", "Unmasked");
    private static final List<String> PROFILE_TYPES = List.of("Localhost", "RuntimeDefault", "Unconfined");
    private static final List<String> HANDLERS = List.of("exec", "httpGet", "tcpSocket", "grpc", "sleep");
    private static final List<String> PROBES = List.of("livenessProbe", "readinessProbe", "startupProbe");
    private static final List<String> SIDECAR_ONLY_FIELDS =
            List.of("lifecycle", "livenessProbe", "readinessProbe", "startupProbe");
    private static final List<String> PROBE_COUNTS =
            List.of("initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold");
    private static final List<String> HOOKS = List.of("postStart", "preStop");
    private static final List<String> KEY_REFS = List.of("configMapKeyRef", "secretKeyRef");
    private static final List<String> ENV_FROM_REFS = List.of("configMapRef", "secretRef");
    private static final long MAX_UID = 0xffffffffL;
    private static final String INIT_ONLY_WITH_RESTART_ALWAYS =
            "may not be set for init containers without restartPolicy=Always";

    private ContainerRules() {}

    /** The fields a pod spec's containers are validated against. */
    record Context(Map<String, String> volumes, long gracePeriodSeconds, boolean isPod, boolean hostUsers) {}

    /** {@code validateContainers}: at least one, unique names, and the rules of regular containers. */
    static void validateContainers(ArrayNode containers, Context context, FieldPath path, Causes causes) {
        if (Json.isEmpty(containers)) {
            causes.required(path, "");
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < containers.size(); i++) {
            JsonNode container = containers.get(i);
            FieldPath containerPath = path.index(i);
            validateCommon(container, context, containerPath, causes);
            String name = Json.string(container, "name");
            if (!names.add(name)) {
                causes.duplicate(containerPath.child("name"), name);
            }
            validateLifecycle(container, context, containerPath, causes);
            validateProbes(container, context, containerPath, causes);
            if (Json.has(container, "restartPolicy")) {
                causes.forbidden(containerPath.child("restartPolicy"), "may not be set for non-init containers");
            }
        }
        checkHostPortConflicts(containers, 0, path, causes);
    }

    /**
     * {@code validateInitContainers}: names unique among all containers; probes and hooks only for sidecars
     * (restartPolicy Always).
     */
    static void validateInitContainers(
            ArrayNode initContainers, ArrayNode containers, Context context, FieldPath path, Causes causes) {
        if (initContainers == null) {
            return;
        }
        Set<String> names = new HashSet<>();
        if (containers != null) {
            for (JsonNode container : containers) {
                names.add(Json.string(container, "name"));
            }
        }
        for (int i = 0; i < initContainers.size(); i++) {
            JsonNode container = initContainers.get(i);
            FieldPath containerPath = path.index(i);
            validateCommon(container, context, containerPath, causes);
            String restartPolicy = Json.text(container, "restartPolicy");
            if (restartPolicy != null && !restartPolicy.equals("Always")) {
                causes.notSupported(containerPath.child("restartPolicy"), restartPolicy, List.of("Always"));
            }
            String name = Json.string(container, "name");
            if (names.contains(name)) {
                causes.duplicate(containerPath.child("name"), name);
            } else if (!name.isEmpty()) {
                names.add(name);
            }
            checkHostPortConflicts(List.of(container), i, path, causes);
            if ("Always".equals(restartPolicy)) {
                validateLifecycle(container, context, containerPath, causes);
                validateProbes(container, context, containerPath, causes);
            } else {
                for (String field : SIDECAR_ONLY_FIELDS) {
                    if (Json.has(container, field)) {
                        causes.forbidden(containerPath.child(field), INIT_ONLY_WITH_RESTART_ALWAYS);
                    }
                }
            }
        }
    }

    /** {@code validateContainerCommon}: what every kind of container must satisfy. */
    private static void validateCommon(JsonNode container, Context context, FieldPath path, Causes causes) {
        String name = Json.string(container, "name");
        if (name.isEmpty()) {
            causes.required(path.child("name"), "");
        } else {
            causes.invalidAt(path, "name", name, NameRules.isDns1123Label(name));
        }
        String image = Json.string(container, "image");
        if (image.isEmpty()) {
            causes.required(path.child("image"), "");
        } else if (context.isPod() && !image.equals(image.strip())) {
            causes.invalid(path.child("image"), image, "must not have leading or trailing whitespace");
        }
        String terminationMessagePolicy = Json.text(container, "terminationMessagePolicy");
        if (terminationMessagePolicy != null
                && !terminationMessagePolicy.isEmpty()
                && !TERMINATION_MESSAGE_POLICIES.contains(terminationMessagePolicy)) {
            causes.notSupported(
                    path.child("terminationMessagePolicy"), terminationMessagePolicy, TERMINATION_MESSAGE_POLICIES);
        }
        FieldRules.ifArray(container, "ports", path, causes, ContainerRules::validatePorts);
        FieldRules.ifArray(container, "env", path, causes, ContainerRules::validateEnv);
        FieldRules.ifArray(container, "envFrom", path, causes, ContainerRules::validateEnvFrom);
        ArrayNode mounts = Json.array(container, "volumeMounts");
        ArrayNode devices = Json.array(container, "volumeDevices");
        if (mounts != null) {
            validateVolumeMounts(mounts, devices, container, context, path.child("volumeMounts"), causes);
        }
        if (devices != null) {
            validateVolumeDevices(devices, mounts, context, path.child("volumeDevices"), causes);
        }
        FieldRules.oneOf(container, "imagePullPolicy", PULL_POLICIES, path, causes);
        FieldRules.ifObject(container, "resources", path, causes, ResourceRules::validateRequirements);
        JsonNode securityContext = Json.object(container, "securityContext");
        if (securityContext != null) {
            validateSecurityContext(securityContext, context, path.child("securityContext"), causes);
        }
    }

    private static void validatePorts(ArrayNode ports, FieldPath path, Causes causes) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            JsonNode port = ports.get(i);
            FieldPath portPath = path.index(i);
            String name = Json.string(port, "name");
            if (!name.isEmpty()) {
                List<String> errors = NameRules.isPortName(name);
                if (!errors.isEmpty()) {
                    causes.invalid(portPath.child("name"), name, errors);
                } else if (!names.add(name)) {
                    causes.duplicate(portPath.child("name"), name);
                }
            }
            long containerPort = Json.longOr(port, "containerPort", 0);
            if (containerPort == 0) {
                causes.required(portPath.child("containerPort"), "");
            } else {
                causes.invalidAt(portPath, "containerPort", containerPort, NameRules.isPortNumber(containerPort));
            }
            long hostPort = Json.longOr(port, "hostPort", 0);
            if (hostPort != 0) {
                causes.invalidAt(portPath, "hostPort", hostPort, NameRules.isPortNumber(hostPort));
            }
            FieldRules.oneOf(port, "protocol", PROTOCOLS, portPath, causes);
        }
    }

    private static void validateEnv(ArrayNode env, FieldPath path, Causes causes) {
        for (int i = 0; i < env.size(); i++) {
            JsonNode variable = env.get(i);
            FieldPath variablePath = path.index(i);
            String name = Json.string(variable, "name");
            if (name.isEmpty()) {
                causes.required(variablePath.child("name"), "");
            } else {
                causes.invalidAt(variablePath, "name", name, NameRules.isRelaxedEnvVarName(name));
            }
            JsonNode valueFrom = Json.object(variable, "valueFrom");
            if (valueFrom != null) {
                validateValueFrom(valueFrom, Json.string(variable, "value"), variablePath.child("valueFrom"), causes);
            }
        }
    }

    private static void validateValueFrom(JsonNode valueFrom, String value, FieldPath path, Causes causes) {
        int sources = 0;
        JsonNode fieldRef = Json.object(valueFrom, "fieldRef");
        if (fieldRef != null) {
            sources++;
            DownwardApiRules.validateFieldRef(fieldRef, DownwardApiRules.ENV_FIELDS, path.child("fieldRef"), causes);
        }
        JsonNode resourceFieldRef = Json.object(valueFrom, "resourceFieldRef");
        if (resourceFieldRef != null) {
            sources++;
            DownwardApiRules.validateResourceFieldRef(resourceFieldRef, false, path.child("resourceFieldRef"), causes);
        }
        for (String keyRef : KEY_REFS) {
            JsonNode selector = Json.object(valueFrom, keyRef);
            if (selector != null) {
                sources++;
                FieldPath selectorPath = path.child(keyRef);
                String name = Json.string(selector, "name");
                causes.invalidAt(selectorPath, "name", name, NameRules.isDns1123Subdomain(name));
                String key = Json.string(selector, "key");
                if (key.isEmpty()) {
                    causes.required(selectorPath.child("key"), "");
                } else {
                    causes.invalidAt(selectorPath, "key", key, NameRules.isConfigMapKey(key));
                }
            }
        }
        if (sources == 0) {
            causes.invalid(
                    path,
                    "",
                    "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`");
        } else if (!value.isEmpty()) {
            causes.invalid(path, "", "may not be specified when `value` is not empty");
        } else if (sources > 1) {
            causes.invalid(path, "", "may not have more than one field specified at a time");
        }
    }

    private static void validateEnvFrom(ArrayNode envFrom, FieldPath path, Causes causes) {
        for (int i = 0; i < envFrom.size(); i++) {
            JsonNode source = envFrom.get(i);
            FieldPath sourcePath = path.index(i);
            String prefix = Json.string(source, "prefix");
            if (!prefix.isEmpty()) {
                causes.invalidAt(sourcePath, "prefix", prefix, NameRules.isRelaxedEnvVarName(prefix));
            }
            int sources = 0;
            for (String ref : ENV_FROM_REFS) {
                JsonNode reference = Json.object(source, ref);
                if (reference != null) {
                    sources++;
                    String name = Json.string(reference, "name");
                    FieldPath namePath = sourcePath.child(ref, "name");
                    if (name.isEmpty()) {
                        causes.required(namePath, "");
                    } else {
                        causes.invalid(namePath, name, NameFormat.DNS_SUBDOMAIN.check(name, true));
                    }
                }
            }
            if (sources == 0) {
                causes.invalid(path, "", "must specify one of: `configMapRef` or `secretRef`");
            } else if (sources > 1) {
                causes.invalid(path, "", "may not have more than one field specified at a time");
            }
        }
    }

    private static void validateVolumeMounts(
            ArrayNode mounts, ArrayNode devices, JsonNode container, Context context, FieldPath path, Causes causes) {
        Map<String, String> devicePaths = byName(devices, "devicePath");
        Set<String> mountPaths = new HashSet<>();
        boolean privileged = Json.isTrue(Json.object(container, "securityContext"), "privileged");
        for (int i = 0; i < mounts.size(); i++) {
            JsonNode mount = mounts.get(i);
            FieldPath mountPath = path.index(i);
            String name = Json.string(mount, "name");
            if (name.isEmpty()) {
                causes.required(mountPath.child("name"), "");
            }
            if (!context.volumes().containsKey(name)) {
                causes.notFound(mountPath.child("name"), name);
            }
            String target = Json.string(mount, "mountPath");
            if (target.isEmpty()) {
                causes.required(mountPath.child("mountPath"), "");
            }
            if (!mountPaths.add(target)) {
                causes.invalid(mountPath.child("mountPath"), target, "must be unique");
            }
            if (devicePaths.containsKey(name)) {
                causes.invalid(mountPath.child("name"), name, "must not already exist in volumeDevices");
            }
            if (devicePaths.containsValue(target)) {
                causes.invalid(
                        mountPath.child("mountPath"), target, "must not already exist as a path in volumeDevices");
            }
            String subPath = Json.string(mount, "subPath");
            if (!subPath.isEmpty()) {
                VolumeRules.validateLocalDescendingPath(subPath, mountPath.child("subPath"), causes);
            }
            String subPathExpr = Json.string(mount, "subPathExpr");
            if (!subPathExpr.isEmpty()) {
                if (!subPath.isEmpty()) {
                    causes.invalid(
                            mountPath.child("subPathExpr"),
                            subPathExpr,
                            "subPathExpr and subPath are mutually exclusive");
                }
                VolumeRules.validateLocalDescendingPath(subPathExpr, mountPath.child("subPathExpr"), causes);
            }
            String propagation = Json.text(mount, "mountPropagation");
            if (propagation != null) {
                if (!MOUNT_PROPAGATIONS.contains(propagation)) {
                    causes.notSupported(mountPath.child("mountPropagation"), propagation, MOUNT_PROPAGATIONS);
                } else if (propagation.equals("Bidirectional") && !privileged) {
                    causes.forbidden(
                            mountPath.child("mountPropagation"),
                            "Bidirectional mount propagation is available only to privileged containers");
                }
            }
            validateRecursiveReadOnly(mount, propagation, mountPath.child("recursiveReadOnly"), causes);
        }
    }

    private static void validateRecursiveReadOnly(JsonNode mount, String propagation, FieldPath path, Causes causes) {
        String recursiveReadOnly = Json.text(mount, "recursiveReadOnly");
        if (recursiveReadOnly == null || recursiveReadOnly.equals("Disabled")) {
            return;
        }
        if (!RECURSIVE_READ_ONLY.contains(recursiveReadOnly)) {
            causes.notSupported(path, recursiveReadOnly, RECURSIVE_READ_ONLY);
            return;
        }
        if (!Json.isTrue(mount, "readOnly")) {
            causes.forbidden(path, "may only be specified when readOnly is true");
        }
        if (propagation != null && !propagation.equals("None")) {
            causes.forbidden(path, "may only be specified when mountPropagation is None or not specified");
        }
    }

    private static void validateVolumeDevices(
            ArrayNode devices, ArrayNode mounts, Context context, FieldPath path, Causes causes) {
        Map<String, String> mountPaths = byName(mounts, "mountPath");
        Set<String> names = new HashSet<>();
        Set<String> devicePaths = new HashSet<>();
        for (int i = 0; i < devices.size(); i++) {
            JsonNode device = devices.get(i);
            FieldPath devicePath = path.index(i);
            String name = Json.string(device, "name");
            String target = Json.string(device, "devicePath");
            if (name.isEmpty()) {
                causes.required(devicePath.child("name"), "");
            }
            if (names.contains(name)) {
                causes.invalid(devicePath.child("name"), name, "must be unique");
            }
            String source = context.volumes().get(name);
            if (source == null) {
                causes.notFound(devicePath.child("name"), name);
            } else if (!source.equals("persistentVolumeClaim") && !source.equals("ephemeral")) {
                causes.invalid(
                        devicePath.child("name"),
                        name,
                        "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode");
            }
            if (target.isEmpty()) {
                causes.required(devicePath.child("devicePath"), "");
            }
            if (devicePaths.contains(target)) {
                causes.invalid(devicePath.child("devicePath"), target, "must be unique");
            }
            if (!target.isEmpty() && hasBacksteps(target)) {
                causes.invalid(devicePath.child("devicePath"), target, "can not contain backsteps ('..')");
            } else {
                devicePaths.add(target);
            }
            if (mountPaths.containsKey(name)) {
                causes.invalid(devicePath.child("name"), name, "must not already exist in volumeMounts");
            }
            if (mountPaths.containsValue(target)) {
                causes.invalid(
                        devicePath.child("devicePath"), target, "must not already exist as a path in volumeMounts");
            }
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
    }

    private static void validateProbes(JsonNode container, Context context, FieldPath path, Causes causes) {
        for (String probeName : PROBES) {
            JsonNode probe = Json.object(container, probeName);
            if (probe == null) {
                continue;
            }
            FieldPath probePath = path.child(probeName);
            validateProbe(probe, context, probePath, causes);
            if (probeName.equals("readinessProbe")) {
                if (Json.has(probe, "terminationGracePeriodSeconds")) {
                    causes.invalid(
                            probePath.child("terminationGracePeriodSeconds"),
                            probe.get("terminationGracePeriodSeconds"),
                            "must not be set for readinessProbes");
                }
            } else if (Json.longOr(probe, "successThreshold", 1) != 1) {
                causes.invalid(
                        probePath.child("successThreshold"),
                        probe.get("successThreshold").longValue(),
                        "must be 1");
            }
        }
    }

    private static void validateProbe(JsonNode probe, Context context, FieldPath path, Causes causes) {
        validateHandler(probe, context, path, causes);
        for (String field : PROBE_COUNTS) {
            FieldRules.nonNegative(probe, field, path, causes);
        }
        if (Json.hasNumber(probe, "terminationGracePeriodSeconds")) {
            long seconds = probe.get("terminationGracePeriodSeconds").longValue();
            if (seconds <= 0) {
                causes.invalid(path.child("terminationGracePeriodSeconds"), seconds, "must be greater than 0");
            }
        }
    }

    private static void validateLifecycle(JsonNode container, Context context, FieldPath containerPath, Causes causes) {
        JsonNode lifecycle = Json.object(container, "lifecycle");
        if (lifecycle == null) {
            return;
        }
        for (String hook : HOOKS) {
            JsonNode handler = Json.object(lifecycle, hook);
            if (handler != null) {
                validateHandler(handler, context, containerPath.child("lifecycle", hook), causes);
            }
        }
    }

    /** {@code validateHandler}: exactly one of exec, httpGet, tcpSocket, grpc (probes) or sleep (hooks). */
    private static void validateHandler(JsonNode handler, Context context, FieldPath path, Causes causes) {
        int handlers = 0;
        for (String kind : HANDLERS) {
            JsonNode action = Json.object(handler, kind);
            if (action == null) {
                continue;
            }
            FieldPath actionPath = path.child(kind);
            if (handlers > 0) {
                causes.forbidden(actionPath, "may not specify more than 1 handler type");
                continue;
            }
            handlers++;
            switch (kind) {
                case "exec" -> {
                    if (Json.isEmpty(Json.array(action, "command"))) {
                        causes.required(actionPath.child("command"), "");
                    }
                }
                case "httpGet" -> validateHttpGet(action, actionPath, causes);
                case "tcpSocket" -> FieldRules.portNumberOrName(action.get("port"), actionPath.child("port"), causes);
                case "grpc" -> FieldRules.portNumber(action, "port", actionPath, causes);
                default -> {
                    long seconds = Json.longOr(action, "seconds", 0);
                    if (seconds < 0 || seconds > context.gracePeriodSeconds()) {
                        causes.invalid(
                                actionPath,
                                seconds,
                                "must be non-negative and less than terminationGracePeriodSeconds ("
                                        + context.gracePeriodSeconds() + ")");
                    }
                }
            }
        }
        if (handlers == 0) {
            causes.required(path, "must specify a handler type");
        }
    }

    private static void validateHttpGet(JsonNode action, FieldPath path, Causes causes) {
        FieldRules.portNumberOrName(action.get("port"), path.child("port"), causes);
        FieldRules.oneOf(action, "scheme", HTTP_SCHEMES, path, causes);
        ArrayNode headers = Json.array(action, "httpHeaders");
        if (headers != null) {
            for (JsonNode header : headers) {
                String name = Json.string(header, "name");
                causes.invalidAt(path, "httpHeaders", name, NameRules.isHttpHeaderName(name));
            }
        }
    }

    private static void validateSecurityContext(JsonNode context, Context pod, FieldPath path, Causes causes) {
        validateId(context, "runAsUser", path, causes);
        validateId(context, "runAsGroup", path, causes);
        String procMount = Json.text(context, "procMount");
        if (procMount != null) {
            if (!PROC_MOUNTS.contains(procMount)) {
                causes.notSupported(path.child("procMount"), procMount, PROC_MOUNTS);
            } else if (pod.hostUsers() && procMount.equals("Unmasked")) {
                causes.invalid(path.child("procMount"), procMount, "`hostUsers` must be false to use `Unmasked`");
            }
        }
        validateSeccompProfile(Json.object(context, "seccompProfile"), path.child("seccompProfile"), causes);
        JsonNode allowPrivilegeEscalation = context.get("allowPrivilegeEscalation");
        if (allowPrivilegeEscalation != null
                && allowPrivilegeEscalation.isBoolean()
                && !allowPrivilegeEscalation.booleanValue()) {
            if (Json.isTrue(context, "privileged")) {
                causes.invalid(
                        path, context, "cannot set `allowPrivilegeEscalation` to false and `privileged` to true");
            }
            if (Json.contains(Json.array(Json.object(context, "capabilities"), "add"), "CAP_SYS_ADMIN")) {
                causes.invalid(
                        path,
                        context,
                        "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN");
            }
        }
        validateAppArmorProfile(Json.object(context, "appArmorProfile"), path.child("appArmorProfile"), causes);
    }

    /** A user or group ID: 0 to 2^32-1. */
    static void validateId(JsonNode parent, String field, FieldPath parentPath, Causes causes) {
        if (Json.hasNumber(parent, field)) {
            long id = parent.get(field).longValue();
            if (id < 0 || id > MAX_UID) {
                causes.invalid(parentPath.child(field), id, NameRules.inclusiveRangeError(0, MAX_UID));
            }
        }
    }

    static void validateSeccompProfile(JsonNode profile, FieldPath path, Causes causes) {
        if (profile == null) {
            return;
        }
        String type = Json.string(profile, "type");
        if (type.isEmpty()) {
            causes.required(path.child("type"), "type is required when seccompProfile is set");
        } else if (!PROFILE_TYPES.contains(type)) {
            causes.notSupported(path.child("type"), type, PROFILE_TYPES);
        }
        String localhostProfile = Json.text(profile, "localhostProfile");
        if (type.equals("Localhost")) {
            if (localhostProfile == null) {
                causes.required(path.child("localhostProfile"), "must be set when seccomp type is Localhost");
            } else {
                VolumeRules.validateLocalDescendingPath(localhostProfile, path.child("localhostProfile"), causes);
            }
        } else if (localhostProfile != null) {
            causes.invalid(path.child("localhostProfile"), profile, "can only be set when seccomp type is Localhost");
        }
    }

    static void validateAppArmorProfile(JsonNode profile, FieldPath path, Causes causes) {
        if (profile == null) {
            return;
        }
        String type = Json.string(profile, "type");
        String localhostProfile = Json.text(profile, "localhostProfile");
        switch (type) {
            case "Localhost" -> {
                if (localhostProfile == null || localhostProfile.isBlank()) {
                    causes.required(path.child("localhostProfile"), "must be set when AppArmor type is Localhost");
                } else if (!localhostProfile.equals(localhostProfile.strip())) {
                    causes.invalid(
                            path.child("localhostProfile"), localhostProfile, "must not be padded with whitespace");
                }
            }
            case "RuntimeDefault", "Unconfined" -> {
                if (localhostProfile != null) {
                    causes.invalid(
                            path.child("localhostProfile"),
                            localhostProfile,
                            "can only be set when AppArmor type is Localhost");
                }
            }
            case "" -> causes.required(path.child("type"), "type is required when appArmorProfile is set");
            default -> causes.notSupported(path.child("type"), type, PROFILE_TYPES);
        }
    }

    /**
     * Host ports must not collide across containers that run together ({@code AccumulateUniqueHostPorts});
     * {@code firstIndex} is the index of the first container in the pod's list.
     */
    private static void checkHostPortConflicts(
            Iterable<JsonNode> containers, int firstIndex, FieldPath path, Causes causes) {
        Set<String> used = null;
        int c = -1;
        for (JsonNode container : containers) {
            c++;
            ArrayNode ports = Json.array(container, "ports");
            if (ports == null) {
                continue;
            }
            for (int p = 0; p < ports.size(); p++) {
                JsonNode port = ports.get(p);
                long hostPort = Json.longOr(port, "hostPort", 0);
                if (hostPort == 0) {
                    continue;
                }
                String key =
                        Json.stringOr(port, "protocol", "TCP") + "/" + Json.string(port, "hostIP") + "/" + hostPort;
                if (used == null) {
                    used = new HashSet<>();
                }
                if (!used.add(key)) {
                    causes.duplicate(
                            path.index(firstIndex + c).child("ports").index(p).child("hostPort"), key);
                }
            }
        }
    }

    private static Map<String, String> byName(ArrayNode entries, String pathField) {
        if (entries == null) {
            return Map.of();
        }
        Map<String, String> map = new HashMap<>();
        for (JsonNode entry : entries) {
            map.put(Json.string(entry, "name"), Json.string(entry, pathField));
        }
        return map;
    }

    private static boolean hasBacksteps(String path) {
        for (String element : path.split("/", -1)) {
            if (element.equals("..")) {
                return true;
            }
        }
        return false;
    }
}
