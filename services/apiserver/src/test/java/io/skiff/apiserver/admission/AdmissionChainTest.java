package io.skiff.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.api.Statuses;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionChainTest {

    private final List<String> calls = new ArrayList<>();

    /** A plugin that records its calls; it handles only {@code handled}. */
    private final class Recording implements MutatingAdmission, ValidatingAdmission {
        private final String name;
        private final Operation handled;

        Recording(String name, Operation handled) {
            this.name = name;
            this.handled = handled;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean handles(Operation operation) {
            return operation == handled;
        }

        @Override
        public void admit(Attributes attributes) {
            calls.add(name + ".admit");
        }

        @Override
        public void validate(Attributes attributes) {
            calls.add(name + ".validate");
        }
    }

    @Test
    void pluginsRunInOrderAndOnlyForTheOperationsTheyHandle() {
        AdmissionChain chain = new AdmissionChain(List.of(
                new Recording("first", Operation.CREATE),
                new Recording("updates", Operation.UPDATE),
                new Recording("second", Operation.CREATE)));
        Attributes create = Attributes.create(Resources.PODS, "ns", pod(), false);
        chain.admit(create);
        chain.validate(create);
        assertThat(calls).containsExactly("first.admit", "second.admit", "first.validate", "second.validate");
    }

    @Test
    void theFirstRefusalEndsTheChain() {
        ValidatingAdmission refusing = new ValidatingAdmission() {
            @Override
            public String name() {
                return "refusing";
            }

            @Override
            public boolean handles(Operation operation) {
                return true;
            }

            @Override
            public void validate(Attributes attributes) {
                throw Statuses.forbidden("no");
            }
        };
        AdmissionChain chain = new AdmissionChain(List.of(refusing, new Recording("after", Operation.CREATE)));
        assertThatThrownBy(() -> chain.validate(Attributes.create(Resources.PODS, "ns", pod(), false)))
                .hasMessageContaining("no");
        assertThat(calls).isEmpty();
    }

    @Test
    void anEmptyChainAdmitsEverything() {
        ObjectNode pod = pod();
        AdmissionChain.none().admit(Attributes.create(Resources.PODS, "ns", pod, false));
        assertThat(pod).isEqualTo(pod());
        assertThat(AdmissionChain.none().names()).isEmpty();
    }

    private static ObjectNode pod() {
        return InMemoryReads.parse("{\"metadata\":{\"name\":\"p\"},\"spec\":{}}");
    }
}
