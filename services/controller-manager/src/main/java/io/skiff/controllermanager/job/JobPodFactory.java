package io.skiff.controllermanager.job;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.skiff.controllermanager.pods.PodTemplates;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pods a Job creates (manageJob): its template with the tracking finalizer, and for an Indexed
 * Job the completion index as annotation, label and JOB_COMPLETION_INDEX, hostname
 * "&lt;job&gt;-&lt;index&gt;" and a name starting "&lt;job&gt;-&lt;index&gt;-".
 */
final class JobPodFactory {

    /** names.MaxGeneratedNameLength: 63 characters less the 5 random ones. */
    private static final int MAX_GENERATED_NAME_LENGTH = 58;

    private JobPodFactory() {}

    static boolean isIndexed(Job job) {
        return "Indexed".equals(job.getSpec().getCompletionMode());
    }

    /** A pod for {@code job}; {@code index} is ignored unless the Job is Indexed. */
    static Pod newPod(Job job, int index) {
        PodTemplateSpec template = new PodTemplateSpecBuilder(job.getSpec().getTemplate()).build();
        ObjectMeta metadata = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
        template.setMetadata(metadata);
        List<String> finalizers =
                metadata.getFinalizers() == null ? new ArrayList<>() : new ArrayList<>(metadata.getFinalizers());
        if (!finalizers.contains(JobPods.TRACKING_FINALIZER)) {
            finalizers.add(JobPods.TRACKING_FINALIZER);
        }
        metadata.setFinalizers(finalizers);
        String generateName = job.getMetadata().getName() + "-";
        if (isIndexed(job) && index != JobPods.UNKNOWN_INDEX) {
            addCompletionIndexEnv(template);
            String value = Integer.toString(index);
            metadata.setAnnotations(with(metadata.getAnnotations(), JobPods.COMPLETION_INDEX_KEY, value));
            metadata.setLabels(with(metadata.getLabels(), JobPods.COMPLETION_INDEX_KEY, value));
            template.getSpec().setHostname(job.getMetadata().getName() + "-" + index);
            generateName = generateNameWithIndex(job.getMetadata().getName(), index);
        }
        return PodTemplates.fromTemplate(template, job, generateName);
    }

    /** "&lt;job&gt;-&lt;index&gt;-", the job name cut so that the generated name stays a valid pod name. */
    static String generateNameWithIndex(String jobName, int index) {
        String suffix = "-" + index + "-";
        String prefix = jobName + suffix;
        if (prefix.length() > MAX_GENERATED_NAME_LENGTH) {
            prefix = prefix.substring(0, MAX_GENERATED_NAME_LENGTH - suffix.length()) + suffix;
        }
        return prefix;
    }

    private static void addCompletionIndexEnv(PodTemplateSpec template) {
        if (template.getSpec() == null) {
            return;
        }
        for (List<Container> containers : List.of(
                orEmpty(template.getSpec().getInitContainers()),
                orEmpty(template.getSpec().getContainers()))) {
            for (Container container : containers) {
                List<EnvVar> env = container.getEnv() == null ? new ArrayList<>() : new ArrayList<>(container.getEnv());
                if (env.stream().noneMatch(var -> JobPods.COMPLETION_INDEX_ENV.equals(var.getName()))) {
                    env.add(new EnvVarBuilder()
                            .withName(JobPods.COMPLETION_INDEX_ENV)
                            .withNewValueFrom()
                            .withNewFieldRef()
                            .withFieldPath("metadata.labels['" + JobPods.COMPLETION_INDEX_KEY + "']")
                            .endFieldRef()
                            .endValueFrom()
                            .build());
                }
                container.setEnv(env);
            }
        }
    }

    private static List<Container> orEmpty(List<Container> containers) {
        return containers == null ? List.of() : containers;
    }

    private static Map<String, String> with(Map<String, String> map, String key, String value) {
        Map<String, String> copy = map == null ? new HashMap<>() : new HashMap<>(map);
        copy.put(key, value);
        return copy;
    }
}
