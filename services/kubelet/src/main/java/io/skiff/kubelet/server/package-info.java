/**
 * The kubelet's HTTP API (Kubernetes' kubelet server): {@code /containerLogs/{ns}/{pod}/{container}}
 * serves a container's log, located through the runtime's RuntimeService and read from its CRI
 * log file (CriLogReader, the kubelet's logs.ReadLogs), which the API server's pods/log proxies to;
 * {@code /exec/{ns}/{pod}/{container}} runs a command in a running container over WebSocket with
 * Kubernetes' remote command protocol (ExecHandler, ExecSession, ExecFrames), which the API
 * server's pods/exec relays to.
 */
package io.skiff.kubelet.server;
