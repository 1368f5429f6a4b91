/**
 * Container log files on the node (Kubernetes' pkg/kubelet/logs): {@link
 * io.skiff.kubelet.logs.ContainerLogManager} rotates the logs of running containers once they grow
 * past containerLogMaxSize, keeping containerLogMaxFiles files per container (the newest rotated
 * one as written, older ones gzipped), and {@link io.skiff.kubelet.logs.ContainerLogFiles} finds
 * and removes a log's rotated files.
 */
package io.skiff.kubelet.logs;
