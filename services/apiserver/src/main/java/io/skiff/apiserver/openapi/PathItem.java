package io.skiff.apiserver.openapi;

import java.util.List;
import java.util.stream.Stream;

/**
 * The operations on one path. Parameters every operation takes are declared once on the path, as
 * kube-apiserver does, except fieldValidation: kubectl only looks for it on the operation.
 */
record PathItem(String path, List<Operation> operations) {

    PathItem {
        operations = List.copyOf(operations);
    }

    List<Parameter> sharedParameters() {
        return operations.get(0).parameters().stream()
                .filter(p -> !p.equals(Parameters.FIELD_VALIDATION))
                .filter(p -> operations.stream().allMatch(o -> o.parameters().contains(p)))
                .toList();
    }

    List<Parameter> ownParameters(Operation operation) {
        List<Parameter> shared = sharedParameters();
        return operation.parameters().stream().filter(p -> !shared.contains(p)).toList();
    }

    /** The definitions the operations' bodies and responses refer to. */
    Stream<String> definitions() {
        return operations.stream()
                .flatMap(o -> Stream.concat(
                        o.body().map(Operation.RequestBody::definition).stream(), o.response().definition().stream()));
    }
}
