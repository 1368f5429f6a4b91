/**
 * Sockets inside a node's network namespace. A node whose pod network lives in a network namespace
 * other than the JVM's (a test's or a benchmark's, see DESIGN.md §5) still needs its DNS server, its
 * userspace proxy, its ingress controller and its probes to listen and connect there.
 */
package io.skiff.component.netns;
