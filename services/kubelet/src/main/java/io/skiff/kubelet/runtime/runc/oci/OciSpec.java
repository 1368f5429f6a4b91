package io.skiff.kubelet.runtime.runc.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The part of the OCI runtime specification's {@code config.json} (version 1.0.2, what runc 1.1
 * reads) the kubelet writes, as Jackson-serialised records with the specification's field names.
 * Absent values are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OciSpec(
        String ociVersion,
        Process process,
        Root root,
        String hostname,
        List<Mount> mounts,
        Linux linux,
        Map<String, String> annotations) {

    public static final String VERSION = "1.0.2";

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Process(
            boolean terminal,
            User user,
            List<String> args,
            List<String> env,
            String cwd,
            Capabilities capabilities,
            List<Rlimit> rlimits,
            boolean noNewPrivileges,
            Integer oomScoreAdj) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record User(
            @JsonInclude(JsonInclude.Include.ALWAYS) long uid,
            @JsonInclude(JsonInclude.Include.ALWAYS) long gid,
            List<Long> additionalGids) {}

    /** Capability names with the CAP_ prefix. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Capabilities(
            List<String> bounding,
            List<String> effective,
            List<String> inheritable,
            List<String> permitted,
            List<String> ambient) {}

    public record Rlimit(String type, long hard, long soft) {}

    public record Root(String path, boolean readonly) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Mount(String destination, String type, String source, List<String> options) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Linux(
            Resources resources,
            String cgroupsPath,
            List<Namespace> namespaces,
            List<String> maskedPaths,
            List<String> readonlyPaths,
            String rootfsPropagation) {}

    /** @param path the namespace to join; null for a new one */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Namespace(String type, String path) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Resources(List<DeviceRule> devices, Memory memory, Cpu cpu) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeviceRule(boolean allow, String access) {}

    /** @param swap memory plus swap, in bytes */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Memory(Long limit, Long swap) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cpu(Long shares, Long quota, Long period) {}
}
