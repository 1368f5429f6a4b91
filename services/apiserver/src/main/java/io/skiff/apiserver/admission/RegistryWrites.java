package io.skiff.apiserver.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.storage.RegistryKey;
import io.skiff.apiserver.storage.RegistryWriter;
import io.skiff.apiserver.storage.WriteOp;
import io.skiff.apiserver.storage.WriteResult;
import io.skiff.model.api.Statuses;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@link AdmissionWrites} through the registry's writer, conditional on the revision read. */
public final class RegistryWrites implements AdmissionWrites {

    private static final long TIMEOUT_SECONDS = 30;

    private final RegistryWriter writer;

    public RegistryWrites(RegistryWriter writer) {
        this.writer = writer;
    }

    @Override
    public boolean replace(ResourceType type, ObjectNode current, ObjectNode updated) {
        String namespace =
                type.namespaced() ? current.path("metadata").path("namespace").asText("") : "";
        RegistryKey key = new RegistryKey(
                type.groupResource(),
                namespace,
                current.path("metadata").path("name").asText());
        long revision;
        try {
            revision = Long.parseLong(
                    current.path("metadata").path("resourceVersion").asText());
        } catch (NumberFormatException e) {
            return false;
        }
        try {
            byte[] previous = KubeJson.mapper().writeValueAsBytes(current);
            WriteResult result = writer.submit(new WriteOp.Update(key, revision, updated, previous))
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return result instanceof WriteResult.Committed;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Statuses.serviceUnavailable("interrupted while writing " + key.name());
        } catch (ExecutionException | TimeoutException e) {
            throw Statuses.serviceUnavailable(
                    "cannot write " + type.plural() + " " + key.name() + ": " + e.getMessage());
        }
    }
}
