/**
 * What a container is started with besides its image, as Kubernetes' kubelet computes it; pure
 * functions over the pod and the objects it references.
 *
 * <ul>
 *   <li>{@link io.skiff.kubelet.envvars.EnvironmentVariables#make}: the container's environment
 *       (makeEnvironmentVariables), from {@link io.skiff.kubelet.envvars.EnvironmentSources} (the
 *       kubelet passes {@link io.skiff.kubelet.envvars.ListerEnvironmentSources} over its
 *       informers). It fails with {@link io.skiff.kubelet.envvars.CreateContainerConfigException},
 *       whose message is the container's CreateContainerConfigError message, and returns Warning
 *       events to record.
 *   <li>{@link io.skiff.kubelet.envvars.ContainerExpansion}: $(VAR) in command, args and
 *       subPathExpr against that environment.
 *   <li>{@link io.skiff.kubelet.envvars.PodHostname}, {@link io.skiff.kubelet.envvars.PodDns}
 *       (the sandbox's hostname and DNS settings; {@link io.skiff.kubelet.envvars.ResolvConf}
 *       renders resolv.conf for a runtime) and {@link io.skiff.kubelet.envvars.HostsFile}
 *       (/etc/hosts content).
 * </ul>
 */
package io.skiff.kubelet.envvars;
