package io.skiff.scheduler.plugins.defaultbinder;

import static io.skiff.scheduler.testing.PodMaker.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.CycleState;
import io.skiff.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultBinderTest {

    @Test
    void postsABindingNamingPodUidAndNode() {
        List<Binding> posted = new ArrayList<>();
        Pod pod = pod("web").namespace("shop").uid("uid-1").build();

        Status status = new DefaultBinder(posted::add).bind(new CycleState(), pod, "n7");

        assertThat(status.isSuccess()).isTrue();
        assertThat(posted).singleElement().satisfies(binding -> {
            assertThat(binding.getMetadata().getNamespace()).isEqualTo("shop");
            assertThat(binding.getMetadata().getName()).isEqualTo("web");
            assertThat(binding.getMetadata().getUid()).isEqualTo("uid-1");
            assertThat(binding.getTarget().getKind()).isEqualTo("Node");
            assertThat(binding.getTarget().getName()).isEqualTo("n7");
        });
    }

    @Test
    void aRefusedBindingIsAnError() {
        DefaultBinder binder = new DefaultBinder(binding -> {
            throw new IllegalStateException("pods \"web\" not found");
        });

        Status status = binder.bind(new CycleState(), pod("web").build(), "n7");

        assertThat(status.code()).isEqualTo(Status.Code.ERROR);
        assertThat(status.message()).isEqualTo("pods \"web\" not found");
    }
}
