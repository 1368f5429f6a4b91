/**
 * Matching rules several plugins share, as Kubernetes' component-helpers and scheduler helpers
 * define them: preferred node affinity and score normalisation. Required node affinity, node
 * selectors and taints, which controllers match too, are in {@code io.skiff.model.scheduling}.
 */
package io.skiff.scheduler.framework.helper;
