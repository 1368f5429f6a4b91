package io.skiff.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Descriptors.FieldDescriptor;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Authentication;
import io.kubernetes.client.proto.V1Networking;
import org.junit.jupiter.api.Test;

class GoFieldShapesTest {

    /** Loading resolves every line of the table against the protos, so a typo fails here. */
    private final GoFieldShapes shapes = GoFieldShapes.builtin();

    @Test
    void pointersValuesAndFieldsWithoutOmitempty() {
        assertThat(shapes.of(field(V1.PodSpec.getDescriptor().findFieldByName("terminationGracePeriodSeconds"))))
                .isEqualTo(new FieldShape(true, false, false, "terminationGracePeriodSeconds"));
        assertThat(shapes.of(field(V1.PodSpec.getDescriptor().findFieldByName("hostNetwork"))))
                .isEqualTo(new FieldShape(false, false, false, "hostNetwork"));
        assertThat(shapes.of(field(V1.PodSpec.getDescriptor().findFieldByName("containers"))))
                .isEqualTo(new FieldShape(false, true, false, "containers"));
        assertThat(shapes.of(
                        field(V1Authentication.TokenRequestSpec.getDescriptor().findFieldByName("expirationSeconds"))))
                .isEqualTo(new FieldShape(true, true, false, "expirationSeconds"));
    }

    @Test
    void embeddedStructsAndRenamedFields() {
        assertThat(shapes.of(field(V1.Volume.getDescriptor().findFieldByName("volumeSource")))
                        .inline())
                .isTrue();
        assertThat(shapes.of(field(V1.Probe.getDescriptor().findFieldByName("handler")))
                        .inline())
                .isTrue();
        assertThat(shapes.of(field(V1Networking.IngressClassParametersReference.getDescriptor()
                                .findFieldByName("aPIGroup")))
                        .jsonName())
                .isEqualTo("apiGroup");
        assertThat(shapes.of(field(V1Authentication.BoundObjectReference.getDescriptor()
                                .findFieldByName("uID")))
                        .jsonName())
                .isEqualTo("uid");
    }

    @Test
    void shapesThatCannotFitTheirField() {
        FieldDescriptor metadata = Meta.ObjectMeta.getDescriptor().findFieldByName("creationTimestamp");
        FieldDescriptor name = Meta.ObjectMeta.getDescriptor().findFieldByName("name");

        assertThatThrownBy(() -> FieldShape.parse(metadata, "pointer")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FieldShape.parse(name, "inline")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FieldShape.parse(name, "sometimes")).isInstanceOf(IllegalArgumentException.class);
    }

    private static FieldDescriptor field(FieldDescriptor field) {
        assertThat(field).isNotNull();
        return field;
    }
}
