/**
 * Static pods, as Kubernetes' kubelet runs them (pkg/kubelet/config file.go and common.go,
 * pkg/kubelet/pod/mirror_client.go): pods read from manifest files on the node rather than from the
 * API server, and the mirror pods that show them in the API.
 *
 * <p>{@link io.skiff.kubelet.staticpods.ManifestReader} turns one file into a defaulted Pod ({@link
 * io.skiff.kubelet.staticpods.StaticPodDefaults}); {@link
 * io.skiff.kubelet.staticpods.ManifestDirectory} reads every manifest of the static pod path; {@link
 * io.skiff.kubelet.staticpods.StaticPodSource} does so every file-check period and when the directory
 * changes, and hands each full read on. {@link io.skiff.kubelet.staticpods.StaticPods} tells static
 * and mirror pods apart; {@link io.skiff.kubelet.staticpods.MirrorPodApi} creates and deletes mirror
 * pods.
 */
package io.skiff.kubelet.staticpods;
