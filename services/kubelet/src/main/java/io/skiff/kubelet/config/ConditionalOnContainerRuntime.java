package io.skiff.kubelet.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Beans of a kubelet that runs containers: the node agent, the pod lifecycle, the pods'
 * environment and the kubelet's HTTP API. With {@code skiff.kubelet.runtime=hollow} the hollow
 * nodes take their place.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(ConditionalOnContainerRuntime.RunsContainers.class)
public @interface ConditionalOnContainerRuntime {

    /** Matches unless {@code skiff.kubelet.runtime} is {@code hollow} (bound as the property is, relaxed). */
    final class RunsContainers extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            KubeletProperties.RuntimeKind runtime = Binder.get(context.getEnvironment())
                    .bind("skiff.kubelet.runtime", KubeletProperties.RuntimeKind.class)
                    .orElse(KubeletProperties.RuntimeKind.PROCESS);
            return runtime == KubeletProperties.RuntimeKind.HOLLOW
                    ? ConditionOutcome.noMatch("skiff.kubelet.runtime is hollow: no containers run")
                    : ConditionOutcome.match(
                            "skiff.kubelet.runtime is " + runtime.name().toLowerCase());
        }
    }
}
