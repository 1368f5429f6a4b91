/**
 * Kubelet TLS bootstrap for {@code skiff agent}: with its join token the agent asks the cluster,
 * through a CertificateSigningRequest, for a client certificate as {@code system:node:<name>} in
 * {@code system:nodes}, and keeps it under {@code <data-dir>/agent/} until it nears expiry.
 */
package io.skiff.launcher.bootstrap;
