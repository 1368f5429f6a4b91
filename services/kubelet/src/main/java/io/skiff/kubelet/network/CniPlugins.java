package io.skiff.kubelet.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs CNI plugins as the CNI specification (1.0) says a runtime does: each plugin is an
 * executable found on {@code CNI_PATH}, given the operation and the container through
 * {@code CNI_*} environment variables and its configuration as JSON on stdin; it answers with a
 * JSON result on stdout, or an error result and a non-zero exit. A configuration list runs as a
 * chain: on ADD each plugin gets the previous plugin's result as {@code prevResult}; CHECK and DEL
 * hand every plugin the cached ADD result, DEL in reverse order. The runtime adds the list's
 * {@code name} and {@code cniVersion} to each plugin's configuration and, for every capability a
 * plugin declares, the matching {@code runtimeConfig} entry.
 *
 * <p>When the node's network is itself a namespace (tests run the node inside one, so no pod
 * address or bridge touches the host's network), plugins run inside it through {@code nsenter}.
 */
public final class CniPlugins {

    private final List<Path> pluginDirectories;
    private final Path nodeNetworkNamespace;
    private final Duration timeout;
    private final ObjectMapper json;

    /**
     * @param pluginDirectories where plugin executables are looked up, in order ({@code CNI_PATH})
     * @param nodeNetworkNamespace the namespace plugins run in; null for the JVM's own
     * @param timeout how long one plugin may take
     */
    public CniPlugins(List<Path> pluginDirectories, Path nodeNetworkNamespace, Duration timeout, ObjectMapper json) {
        this.pluginDirectories = List.copyOf(pluginDirectories);
        this.nodeNetworkNamespace = nodeNetworkNamespace;
        this.timeout = timeout;
        this.json = json;
    }

    /** Attaches the container to the network and returns the last plugin's result. */
    public CniResult add(NetworkConfigList network, Attachment attachment) {
        JsonNode previous = null;
        for (ObjectNode plugin : network.plugins()) {
            ObjectNode output = invoke("ADD", network, plugin, attachment, previous);
            if (output == null) {
                throw new CniException(failure(plugin, network, "add", "plugin returned no result"), 0);
            }
            previous = output;
        }
        return new CniResult((ObjectNode) previous);
    }

    /** Verifies the attachment is still as ADD left it; throws {@link CniException} when not. */
    public void check(NetworkConfigList network, Attachment attachment, CniResult added) {
        for (ObjectNode plugin : network.plugins()) {
            invoke("CHECK", network, plugin, attachment, added.json());
        }
    }

    /**
     * Detaches the container, plugins in reverse order. Plugins treat what is already gone as
     * done, so DEL may be repeated. {@code added} is the cached ADD result, null when unknown.
     */
    public void delete(NetworkConfigList network, Attachment attachment, CniResult added) {
        List<ObjectNode> plugins = network.plugins();
        Collections.reverse(plugins);
        for (ObjectNode plugin : plugins) {
            invoke("DEL", network, plugin, attachment, added == null ? null : added.json());
        }
    }

    /** The configuration a plugin of the list gets on stdin (visible for tests). */
    ObjectNode pluginConfig(
            NetworkConfigList network, ObjectNode plugin, Map<String, Object> capabilityArgs, JsonNode prevResult) {
        ObjectNode config = plugin.deepCopy();
        config.put("cniVersion", network.cniVersion());
        config.put("name", network.name());
        ObjectNode runtimeConfig = json.createObjectNode();
        plugin.path("capabilities").properties().forEach(capability -> {
            if (capability.getValue().asBoolean(false) && capabilityArgs.containsKey(capability.getKey())) {
                runtimeConfig.set(capability.getKey(), json.valueToTree(capabilityArgs.get(capability.getKey())));
            }
        });
        if (!runtimeConfig.isEmpty()) {
            config.set("runtimeConfig", runtimeConfig);
        }
        if (prevResult != null) {
            config.set("prevResult", prevResult);
        }
        return config;
    }

    /** The CNI_* environment of one call (visible for tests). */
    Map<String, String> environment(String command, Attachment attachment) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", attachment.containerId());
        env.put("CNI_NETNS", attachment.netns());
        env.put("CNI_IFNAME", attachment.ifName());
        if (!attachment.args().isEmpty()) {
            env.put(
                    "CNI_ARGS",
                    attachment.args().entrySet().stream()
                            .map(arg -> arg.getKey() + "=" + arg.getValue())
                            .collect(Collectors.joining(";")));
        }
        env.put("CNI_PATH", pluginDirectories.stream().map(Path::toString).collect(Collectors.joining(":")));
        return env;
    }

    private ObjectNode invoke(
            String command, NetworkConfigList network, ObjectNode plugin, Attachment attachment, JsonNode prevResult) {
        String type = plugin.path("type").asText();
        String operation = command.toLowerCase(Locale.ROOT);
        Path executable = find(type);
        List<String> argv = new ArrayList<>();
        if (nodeNetworkNamespace != null) {
            argv.addAll(List.of("nsenter", "--net=" + nodeNetworkNamespace, "--"));
        }
        argv.add(executable.toString());
        HostCommand call = HostCommand.of(argv).withoutInherited("CNI_").timeout(timeout);
        environment(command, attachment).forEach(call::env);
        HostCommand.Result result;
        try {
            byte[] stdin =
                    json.writeValueAsBytes(pluginConfig(network, plugin, attachment.capabilityArgs(), prevResult));
            result = call.stdin(stdin).run();
        } catch (IOException | RuntimeException e) {
            throw new CniException(failure(plugin, network, operation, e.getMessage()), e);
        }
        if (result.exitCode() != 0) {
            throw error(plugin, network, operation, result);
        }
        if (result.stdout().length == 0 || result.stdoutText().isBlank()) {
            return null;
        }
        try {
            JsonNode output = json.readTree(result.stdout());
            return output.isObject() ? (ObjectNode) output : null;
        } catch (IOException e) {
            throw new CniException(
                    failure(plugin, network, operation, "unparseable result: " + result.stdoutText()), e);
        }
    }

    private CniException error(
            ObjectNode plugin, NetworkConfigList network, String operation, HostCommand.Result result) {
        try {
            JsonNode error = json.readTree(result.stdout());
            if (error != null && error.hasNonNull("msg")) {
                String details = error.path("details").asText("");
                String message = error.get("msg").asText() + (details.isEmpty() ? "" : "; " + details);
                return new CniException(
                        failure(plugin, network, operation, message),
                        error.path("code").asInt(0));
            }
        } catch (IOException notJson) {
            // Fall through to the plugin's own words on stderr.
        }
        return new CniException(
                failure(plugin, network, operation, "exit status " + result.exitCode() + ": " + result.diagnostic()),
                0);
    }

    private static String failure(ObjectNode plugin, NetworkConfigList network, String operation, String message) {
        return "plugin type=\"" + plugin.path("type").asText() + "\" name=\"" + network.name() + "\" failed ("
                + operation + "): " + message;
    }

    private Path find(String type) {
        if (type.contains("/")) {
            throw new CniException("invalid plugin name \"" + type + "\"", 0);
        }
        for (Path directory : pluginDirectories) {
            Path candidate = directory.resolve(type);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new CniException("failed to find plugin \"" + type + "\" in path " + pluginDirectories, 0);
    }

    /**
     * One container's attachment to a network: what the {@code CNI_*} variables carry.
     *
     * @param netns the path of the container's network namespace
     * @param ifName the interface to create in it ("eth0"; "lo" for the loopback plugin)
     * @param args {@code CNI_ARGS} key-value pairs, in order
     * @param capabilityArgs values for the capabilities plugins declare ("portMappings" → list)
     */
    public record Attachment(
            String containerId,
            String netns,
            String ifName,
            Map<String, String> args,
            Map<String, Object> capabilityArgs) {

        public Attachment {
            args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
            capabilityArgs = Collections.unmodifiableMap(new LinkedHashMap<>(capabilityArgs));
        }
    }
}
