/**
 * Matching rules several plugins share, as Kubernetes' component-helpers and scheduler helpers
 * define them: node selectors and node affinity, taints and tolerations, score normalisation.
 */
package io.skiff.scheduler.framework.helper;
