/**
 * InterPodAffinity: required pod affinity and anti-affinity (both the incoming pod's terms and the
 * existing pods' anti-affinity towards it) as a filter, and preferred terms in both directions as a
 * score, counted per topology domain once per cycle, as Kubernetes' interpodaffinity plugin.
 */
package io.skiff.scheduler.plugins.interpodaffinity;
