package io.skiff.apiserver.admission.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Pod Security Standards checks of Kubernetes v1.32 (pod-security-admission/policy), on a pod's
 * metadata and spec as JSON. The baseline checks run at baseline and restricted; at restricted,
 * the restricted checks replace those baseline checks they tighten (capabilities, hostPath volumes,
 * seccomp), as Kubernetes' check registry orders and overrides them.
 */
final class PodChecks {

    private static final Set<String> BASELINE_CAPABILITIES = Set.of(
            "AUDIT_WRITE",
            "CHOWN",
            "DAC_OVERRIDE",
            "FOWNER",
            "FSETID",
            "KILL",
            "MKNOD",
            "NET_BIND_SERVICE",
            "SETFCAP",
            "SETGID",
            "SETPCAP",
            "SETUID",
            "SYS_CHROOT");
    private static final Set<String> SELINUX_TYPES =
            Set.of("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t");
    private static final Set<String> SYSCTLS = Set.of(
            "kernel.shm_rmid_forced",
            "net.ipv4.ip_local_port_range",
            "net.ipv4.tcp_syncookies",
            "net.ipv4.ping_group_range",
            "net.ipv4.ip_unprivileged_port_start",
            "net.ipv4.ip_local_reserved_ports",
            "net.ipv4.tcp_keepalive_time",
            "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl",
            "net.ipv4.tcp_keepalive_probes",
            "net.ipv4.tcp_rmem",
            "net.ipv4.tcp_wmem");
    private static final Set<String> RESTRICTED_VOLUME_SOURCES = Set.of(
            "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret");
    private static final String APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

    private static final List<Function<JsonNode, CheckResult>> BASELINE = List.of(
            PodChecks::appArmorProfile,
            PodChecks::hostNamespaces,
            PodChecks::hostPorts,
            PodChecks::privileged,
            PodChecks::procMount,
            PodChecks::seLinuxOptions,
            PodChecks::sysctls,
            PodChecks::windowsHostProcess);
    private static final List<Function<JsonNode, CheckResult>> BASELINE_ONLY =
            List.of(PodChecks::capabilitiesBaseline, PodChecks::hostPathVolumes, PodChecks::seccompProfileBaseline);
    private static final List<Function<JsonNode, CheckResult>> RESTRICTED = List.of(
            PodChecks::allowPrivilegeEscalation,
            PodChecks::capabilitiesRestricted,
            PodChecks::restrictedVolumes,
            PodChecks::runAsNonRoot,
            PodChecks::runAsUser,
            PodChecks::seccompProfileRestricted);

    private PodChecks() {}

    /**
     * The failed checks of {@code level} on {@code pod} ({@code metadata} and {@code spec}), in
     * Kubernetes' order; empty when it passes.
     */
    static List<CheckResult> evaluate(LevelVersion.Level level, JsonNode pod) {
        if (level == LevelVersion.Level.PRIVILEGED) {
            return List.of();
        }
        List<Function<JsonNode, CheckResult>> checks = new ArrayList<>(BASELINE);
        checks.addAll(level == LevelVersion.Level.BASELINE ? BASELINE_ONLY : RESTRICTED);
        List<CheckResult> failed = new ArrayList<>();
        for (Function<JsonNode, CheckResult> check : checks) {
            CheckResult result = check.apply(pod);
            if (result != null) {
                failed.add(result);
            }
        }
        return failed;
    }

    /** The failures as the messages list them: {@code reason (detail), reason (detail)}. */
    static String describe(List<CheckResult> failed) {
        return failed.stream().map(CheckResult::describe).collect(Collectors.joining(", "));
    }

    // ---- baseline

    static CheckResult appArmorProfile(JsonNode pod) {
        List<String> badSetters = new ArrayList<>();
        Set<String> badValues = new TreeSet<>();
        String podType = pod.at("/spec/securityContext/appArmorProfile/type").asText(null);
        if (pod.at("/spec/securityContext/appArmorProfile").isObject() && !allowedAppArmorType(podType)) {
            badSetters.add("pod");
            badValues.add(String.valueOf(podType));
        }
        List<String> badContainers = new ArrayList<>();
        for (JsonNode container : containers(pod)) {
            JsonNode profile = container.at("/securityContext/appArmorProfile");
            if (profile.isObject() && !allowedAppArmorType(profile.path("type").asText(null))) {
                badContainers.add(name(container));
                badValues.add(profile.path("type").asText(""));
            }
        }
        if (!badContainers.isEmpty()) {
            badSetters.add(containersPhrase(badContainers));
        }
        List<String> values = new ArrayList<>(badValues);
        List<String> annotations = new ArrayList<>();
        pod.path("metadata").path("annotations").fields().forEachRemaining(e -> {
            String value = e.getValue().asText("");
            if (e.getKey().startsWith(APPARMOR_ANNOTATION_PREFIX)
                    && !value.isEmpty()
                    && !value.equals("runtime/default")
                    && !value.startsWith("localhost/")) {
                annotations.add(e.getKey() + "=" + GoStrings.quote(value));
            }
        });
        if (!annotations.isEmpty()) {
            annotations.sort(null);
            values.addAll(annotations);
            badSetters.add(pluralize("annotation", "annotations", annotations.size()));
        }
        if (badSetters.isEmpty()) {
            return null;
        }
        return new CheckResult(
                pluralize("forbidden AppArmor profile", "forbidden AppArmor profiles", values.size()),
                String.join(" and ", badSetters) + " must not set AppArmor profile type to " + joinQuote(values));
    }

    private static boolean allowedAppArmorType(String type) {
        return "RuntimeDefault".equals(type) || "Localhost".equals(type);
    }

    static CheckResult hostNamespaces(JsonNode pod) {
        Set<String> host = new TreeSet<>();
        for (String field : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (pod.path("spec").path(field).asBoolean(false)) {
                host.add(field + "=true");
            }
        }
        return host.isEmpty() ? null : new CheckResult("host namespaces", String.join(", ", host));
    }

    static CheckResult hostPorts(JsonNode pod) {
        List<String> badContainers = new ArrayList<>();
        Set<String> ports = new TreeSet<>();
        for (JsonNode container : containers(pod)) {
            boolean bad = false;
            for (JsonNode port : container.path("ports")) {
                int hostPort = port.path("hostPort").asInt(0);
                if (hostPort != 0) {
                    bad = true;
                    ports.add(Integer.toString(hostPort));
                }
            }
            if (bad) {
                badContainers.add(name(container));
            }
        }
        if (badContainers.isEmpty()) {
            return null;
        }
        return new CheckResult(
                "hostPort",
                containersPhrase(badContainers) + " " + pluralize("uses", "use", badContainers.size()) + " "
                        + pluralize("hostPort", "hostPorts", ports.size()) + " " + String.join(", ", ports));
    }

    static CheckResult privileged(JsonNode pod) {
        List<String> bad =
                containersWhere(pod, c -> c.at("/securityContext/privileged").asBoolean(false));
        return bad.isEmpty()
                ? null
                : new CheckResult(
                        "privileged", containersPhrase(bad) + " must not set securityContext.privileged=true");
    }

    static CheckResult procMount(JsonNode pod) {
        List<String> bad = new ArrayList<>();
        Set<String> types = new TreeSet<>();
        for (JsonNode container : containers(pod)) {
            JsonNode procMount = container.at("/securityContext/procMount");
            if (procMount.isTextual() && !procMount.asText().equals("Default")) {
                bad.add(name(container));
                types.add(procMount.asText());
            }
        }
        return bad.isEmpty()
                ? null
                : new CheckResult(
                        "procMount",
                        containersPhrase(bad) + " must not set securityContext.procMount to " + joinQuote(types));
    }

    static CheckResult seLinuxOptions(JsonNode pod) {
        Set<String> badTypes = new TreeSet<>();
        boolean[] userOrRole = new boolean[2];
        Function<JsonNode, Boolean> valid = options -> {
            boolean ok = true;
            String type = options.path("type").asText("");
            if (!SELINUX_TYPES.contains(type)) {
                ok = false;
                badTypes.add(type);
            }
            if (!options.path("user").asText("").isEmpty()) {
                ok = false;
                userOrRole[0] = true;
            }
            if (!options.path("role").asText("").isEmpty()) {
                ok = false;
                userOrRole[1] = true;
            }
            return ok;
        };
        List<String> badSetters = new ArrayList<>();
        JsonNode podOptions = pod.at("/spec/securityContext/seLinuxOptions");
        if (podOptions.isObject() && !valid.apply(podOptions)) {
            badSetters.add("pod");
        }
        List<String> badContainers = new ArrayList<>();
        for (JsonNode container : containers(pod)) {
            JsonNode options = container.at("/securityContext/seLinuxOptions");
            if (options.isObject() && !valid.apply(options)) {
                badContainers.add(name(container));
            }
        }
        if (!badContainers.isEmpty()) {
            badSetters.add(containersPhrase(badContainers));
        }
        if (badSetters.isEmpty()) {
            return null;
        }
        List<String> badData = new ArrayList<>();
        if (!badTypes.isEmpty()) {
            badData.add(pluralize("type", "types", badTypes.size()) + " " + joinQuote(badTypes));
        }
        if (userOrRole[0]) {
            badData.add("user may not be set");
        }
        if (userOrRole[1]) {
            badData.add("role may not be set");
        }
        return new CheckResult(
                "seLinuxOptions",
                String.join(" and ", badSetters) + " set forbidden securityContext.seLinuxOptions: "
                        + String.join("; ", badData));
    }

    static CheckResult sysctls(JsonNode pod) {
        List<String> forbidden = new ArrayList<>();
        for (JsonNode sysctl : pod.at("/spec/securityContext/sysctls")) {
            String name = sysctl.path("name").asText("");
            if (!SYSCTLS.contains(name)) {
                forbidden.add(name);
            }
        }
        return forbidden.isEmpty() ? null : new CheckResult("forbidden sysctls", String.join(", ", forbidden));
    }

    static CheckResult windowsHostProcess(JsonNode pod) {
        List<String> badSetters = new ArrayList<>();
        if (pod.at("/spec/securityContext/windowsOptions/hostProcess").asBoolean(false)) {
            badSetters.add("pod");
        }
        List<String> bad = containersWhere(
                pod, c -> c.at("/securityContext/windowsOptions/hostProcess").asBoolean(false));
        if (!bad.isEmpty()) {
            badSetters.add(containersPhrase(bad));
        }
        return badSetters.isEmpty()
                ? null
                : new CheckResult(
                        "hostProcess",
                        String.join(" and ", badSetters)
                                + " must not set securityContext.windowsOptions.hostProcess=true");
    }

    static CheckResult capabilitiesBaseline(JsonNode pod) {
        List<String> bad = new ArrayList<>();
        Set<String> added = new TreeSet<>();
        for (JsonNode container : containers(pod)) {
            boolean valid = true;
            for (JsonNode capability : container.at("/securityContext/capabilities/add")) {
                if (!BASELINE_CAPABILITIES.contains(capability.asText())) {
                    valid = false;
                    added.add(capability.asText());
                }
            }
            if (!valid) {
                bad.add(name(container));
            }
        }
        return bad.isEmpty()
                ? null
                : new CheckResult(
                        "non-default capabilities",
                        containersPhrase(bad) + " must not include " + joinQuote(added)
                                + " in securityContext.capabilities.add");
    }

    static CheckResult hostPathVolumes(JsonNode pod) {
        List<String> volumes = new ArrayList<>();
        for (JsonNode volume : pod.path("spec").path("volumes")) {
            if (volume.hasNonNull("hostPath")) {
                volumes.add(volume.path("name").asText(""));
            }
        }
        return volumes.isEmpty()
                ? null
                : new CheckResult(
                        "hostPath volumes", pluralize("volume", "volumes", volumes.size()) + " " + joinQuote(volumes));
    }

    static CheckResult seccompProfileBaseline(JsonNode pod) {
        return seccomp(pod, false);
    }

    // ---- restricted

    static CheckResult allowPrivilegeEscalation(JsonNode pod) {
        if (isWindows(pod)) {
            return null;
        }
        List<String> bad = containersWhere(pod, c -> {
            JsonNode allow = c.at("/securityContext/allowPrivilegeEscalation");
            return !allow.isBoolean() || allow.asBoolean();
        });
        return bad.isEmpty()
                ? null
                : new CheckResult(
                        "allowPrivilegeEscalation != false",
                        containersPhrase(bad) + " must set securityContext.allowPrivilegeEscalation=false");
    }

    static CheckResult capabilitiesRestricted(JsonNode pod) {
        if (isWindows(pod)) {
            return null;
        }
        List<String> missingDropAll = new ArrayList<>();
        List<String> addingForbidden = new ArrayList<>();
        Set<String> forbidden = new TreeSet<>();
        for (JsonNode container : containers(pod)) {
            JsonNode capabilities = container.at("/securityContext/capabilities");
            if (!capabilities.isObject()) {
                missingDropAll.add(name(container));
                continue;
            }
            boolean droppedAll = false;
            for (JsonNode dropped : capabilities.path("drop")) {
                droppedAll |= dropped.asText().equals("ALL");
            }
            if (!droppedAll) {
                missingDropAll.add(name(container));
            }
            boolean addedForbidden = false;
            for (JsonNode added : capabilities.path("add")) {
                if (!added.asText().equals("NET_BIND_SERVICE")) {
                    addedForbidden = true;
                    forbidden.add(added.asText());
                }
            }
            if (addedForbidden) {
                addingForbidden.add(name(container));
            }
        }
        List<String> details = new ArrayList<>();
        if (!missingDropAll.isEmpty()) {
            details.add(containersPhrase(missingDropAll) + " must set securityContext.capabilities.drop=[\"ALL\"]");
        }
        if (!addingForbidden.isEmpty()) {
            details.add(containersPhrase(addingForbidden) + " must not include " + joinQuote(forbidden)
                    + " in securityContext.capabilities.add");
        }
        return details.isEmpty() ? null : new CheckResult("unrestricted capabilities", String.join("; ", details));
    }

    static CheckResult restrictedVolumes(JsonNode pod) {
        Set<String> restricted = new TreeSet<>();
        for (JsonNode volume : pod.path("spec").path("volumes")) {
            boolean allowed = false;
            for (String source : RESTRICTED_VOLUME_SOURCES) {
                allowed |= volume.hasNonNull(source);
            }
            if (!allowed) {
                restricted.add(volume.path("name").asText(""));
            }
        }
        if (restricted.isEmpty()) {
            return null;
        }
        // Go's %q of a []string: ["a" "b"]
        String list = restricted.stream().map(GoStrings::quote).collect(Collectors.joining(" ", "[", "]"));
        return new CheckResult("restricted volume types", "volumes " + list + " have restricted types");
    }

    static CheckResult runAsNonRoot(JsonNode pod) {
        List<String> badSetters = new ArrayList<>();
        boolean podNonRoot = false;
        JsonNode podValue = pod.at("/spec/securityContext/runAsNonRoot");
        if (podValue.isBoolean()) {
            if (podValue.asBoolean()) {
                podNonRoot = true;
            } else {
                badSetters.add("pod");
            }
        }
        List<String> explicitlyBad = new ArrayList<>();
        List<String> implicitlyBad = new ArrayList<>();
        for (JsonNode container : containers(pod)) {
            JsonNode value = container.at("/securityContext/runAsNonRoot");
            if (value.isBoolean()) {
                if (!value.asBoolean()) {
                    explicitlyBad.add(name(container));
                }
            } else if (!podNonRoot) {
                implicitlyBad.add(name(container));
            }
        }
        if (!explicitlyBad.isEmpty()) {
            badSetters.add(containersPhrase(explicitlyBad));
        }
        if (!badSetters.isEmpty()) {
            return new CheckResult(
                    "runAsNonRoot != true",
                    String.join(" and ", badSetters) + " must not set securityContext.runAsNonRoot=false");
        }
        if (!implicitlyBad.isEmpty()) {
            return new CheckResult(
                    "runAsNonRoot != true",
                    "pod or " + containersPhrase(implicitlyBad) + " must set securityContext.runAsNonRoot=true");
        }
        return null;
    }

    static CheckResult runAsUser(JsonNode pod) {
        List<String> badSetters = new ArrayList<>();
        JsonNode podUser = pod.at("/spec/securityContext/runAsUser");
        if (podUser.isNumber() && podUser.asLong() == 0) {
            badSetters.add("pod");
        }
        List<String> bad = containersWhere(pod, c -> {
            JsonNode user = c.at("/securityContext/runAsUser");
            return user.isNumber() && user.asLong() == 0;
        });
        if (!bad.isEmpty()) {
            badSetters.add(containersPhrase(bad));
        }
        return badSetters.isEmpty()
                ? null
                : new CheckResult("runAsUser=0", String.join(" and ", badSetters) + " must not set runAsUser=0");
    }

    static CheckResult seccompProfileRestricted(JsonNode pod) {
        if (isWindows(pod)) {
            return null;
        }
        return seccomp(pod, true);
    }

    /** The seccompProfile checks: baseline forbids only bad types; restricted also requires one. */
    private static CheckResult seccomp(JsonNode pod, boolean required) {
        List<String> badSetters = new ArrayList<>();
        Set<String> badValues = new TreeSet<>();
        boolean podSet = false;
        JsonNode podProfile = pod.at("/spec/securityContext/seccompProfile");
        if (podProfile.isObject()) {
            String type = podProfile.path("type").asText("");
            if (validSeccomp(type)) {
                podSet = true;
            } else {
                badSetters.add("pod");
                badValues.add(type);
            }
        }
        List<String> explicitlyBad = new ArrayList<>();
        List<String> implicitlyBad = new ArrayList<>();
        for (JsonNode container : containers(pod)) {
            JsonNode profile = container.at("/securityContext/seccompProfile");
            if (profile.isObject()) {
                String type = profile.path("type").asText("");
                if (!validSeccomp(type)) {
                    explicitlyBad.add(name(container));
                    badValues.add(type);
                }
            } else if (!podSet) {
                implicitlyBad.add(name(container));
            }
        }
        if (!explicitlyBad.isEmpty()) {
            badSetters.add(containersPhrase(explicitlyBad));
        }
        if (!badSetters.isEmpty()) {
            return new CheckResult(
                    "seccompProfile",
                    String.join(" and ", badSetters) + " must not set securityContext.seccompProfile.type to "
                            + joinQuote(badValues));
        }
        if (required && !implicitlyBad.isEmpty()) {
            return new CheckResult(
                    "seccompProfile",
                    "pod or " + containersPhrase(implicitlyBad)
                            + " must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"");
        }
        return null;
    }

    private static boolean validSeccomp(String type) {
        return type.equals("RuntimeDefault") || type.equals("Localhost");
    }

    // ---- helpers

    private static boolean isWindows(JsonNode pod) {
        return "windows".equals(pod.at("/spec/os/name").asText(""));
    }

    /** Init containers, containers and ephemeral containers, in that order (visitContainers). */
    private static List<JsonNode> containers(JsonNode pod) {
        List<JsonNode> all = new ArrayList<>();
        for (String field : List.of("initContainers", "containers", "ephemeralContainers")) {
            pod.path("spec").path(field).forEach(all::add);
        }
        return all;
    }

    private static List<String> containersWhere(JsonNode pod, java.util.function.Predicate<JsonNode> bad) {
        List<String> names = new ArrayList<>();
        for (JsonNode container : containers(pod)) {
            if (bad.test(container)) {
                names.add(name(container));
            }
        }
        return names;
    }

    private static String name(JsonNode container) {
        return container.path("name").asText("");
    }

    /** {@code container "a"} or {@code containers "a", "b"}. */
    private static String containersPhrase(List<String> names) {
        return pluralize("container", "containers", names.size()) + " " + joinQuote(names);
    }

    private static String pluralize(String singular, String plural, int count) {
        return count == 1 ? singular : plural;
    }

    private static String joinQuote(java.util.Collection<String> items) {
        return items.isEmpty() ? "" : "\"" + String.join("\", \"", items) + "\"";
    }
}
