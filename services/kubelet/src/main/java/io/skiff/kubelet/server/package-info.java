/**
 * The kubelet's HTTP API (Kubernetes' kubelet server): {@code /containerLogs/{ns}/{pod}/{container}}
 * serves a container's log, located through the runtime's RuntimeService and read from its CRI
 * log file (CriLogReader, the kubelet's logs.ReadLogs), which the API server's pods/log proxies to.
 */
package io.skiff.kubelet.server;
