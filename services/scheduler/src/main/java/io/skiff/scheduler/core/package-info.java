/**
 * The scheduling algorithm and loop: find the nodes a pod fits (PreFilter, parallel Filter over a
 * rotating, adaptively sized share of the nodes), score them and pick the best at random among
 * equals; then assume, reserve, permit and bind, with Kubernetes' failure handling.
 */
package io.skiff.scheduler.core;
