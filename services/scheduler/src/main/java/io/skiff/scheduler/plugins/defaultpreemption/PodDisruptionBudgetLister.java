package io.skiff.scheduler.plugins.defaultpreemption;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;

/**
 * The cluster's PodDisruptionBudgets, which preemption tries not to violate. The integrator backs
 * it with a policy/v1 PodDisruptionBudget informer and registers it in the framework's Ports.
 */
public interface PodDisruptionBudgetLister {

    List<PodDisruptionBudget> list();
}
