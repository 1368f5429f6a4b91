package io.skiff.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Status;
import io.skiff.apiserver.watch.CachedObject;
import io.skiff.apiserver.watch.WatchCache;
import io.skiff.model.api.Statuses;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds list and delete response bodies, splicing stored JSON in without re-encoding it. */
final class ListBodies {

    private ListBodies() {}

    static byte[] list(ResourceType type, WatchCache.ListResult page) {
        StringBuilder head = new StringBuilder(128);
        head.append("{\"kind\":\"")
                .append(type.listKind())
                .append("\",\"apiVersion\":\"")
                .append(type.apiVersion())
                .append("\",\"metadata\":{\"resourceVersion\":\"")
                .append(page.revision())
                .append('"');
        if (page.lastKey() != null) {
            head.append(",\"continue\":\"")
                    .append(ContinueToken.afterKey(page.revision(), page.lastKey())
                            .encode())
                    .append('"');
            if (page.remaining() >= 0) {
                head.append(",\"remainingItemCount\":").append(page.remaining());
            }
        }
        head.append("},\"items\":[");
        return join(
                head.toString(), page.items().stream().map(CachedObject::json).toList(), "]}");
    }

    static byte[] listOf(ResourceType type, long revision, List<byte[]> items) {
        String head = "{\"kind\":\"" + type.listKind() + "\",\"apiVersion\":\"" + type.apiVersion()
                + "\",\"metadata\":{\"resourceVersion\":\"" + revision + "\"},\"items\":[";
        return join(head, items, "]}");
    }

    private static byte[] join(String head, List<byte[]> items, String tail) {
        int size = head.length() + tail.length() + items.size();
        for (byte[] item : items) {
            size += item.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(items.get(i));
        }
        out.writeBytes(tail.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** Pods answer a delete with the deleted object (ReturnDeletedObject in Kubernetes' pod store). */
    static boolean returnsDeletedObject(ResourceType type) {
        return type.group().isEmpty() && type.plural().equals("pods");
    }

    static byte[] deletedStatus(ResourceType type, String name, byte[] deleted) {
        try {
            JsonNode object = KubeJson.mapper().readTree(deleted);
            Status status = Statuses.success(type.group(), type.plural(), name);
            status.getDetails().setUid(object.path("metadata").path("uid").asText(null));
            return KubeJson.mapper().writeValueAsBytes(status);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
