package io.skiff.component.leaderelection;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.model.api.ApiException;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Test implementation of the {@link LeaseLock} port over plain HTTP to a real API server, standing
 * in for the adapter over the component API client. Leases go through KubeJson's mapper plus
 * MicroTime handling for fabric8's ZonedDateTime fields, which KubeJson lacks (no JSR-310 module).
 */
final class KubeHttpLeaseLock implements LeaseLock {

    private static final DateTimeFormatter MICRO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");
    private static final ObjectMapper LEASES = KubeJson.mapper()
            .copy()
            .registerModule(new SimpleModule()
                    .addSerializer(ZonedDateTime.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(ZonedDateTime value, JsonGenerator out, SerializerProvider provider)
                                throws IOException {
                            out.writeString(MICRO_TIME.format(value.withZoneSameInstant(ZoneOffset.UTC)));
                        }
                    })
                    .addDeserializer(ZonedDateTime.class, new JsonDeserializer<>() {
                        @Override
                        public ZonedDateTime deserialize(JsonParser in, DeserializationContext context)
                                throws IOException {
                            return ZonedDateTime.parse(in.getText());
                        }
                    }));

    private final KubeHttp http;
    private final String namespace;
    private final String name;
    private final String identity;

    KubeHttpLeaseLock(KubeHttp http, String namespace, String name, String identity) {
        this.http = http;
        this.namespace = namespace;
        this.name = name;
        this.identity = identity;
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Mono<Lease> get() {
        return call(() -> http.get(collection() + "/" + name));
    }

    @Override
    public Mono<Lease> create(Lease lease) {
        return call(() -> http.post(collection(), write(lease)));
    }

    @Override
    public Mono<Lease> update(Lease lease) {
        return call(() -> http.put(collection() + "/" + name, write(lease)));
    }

    private String collection() {
        return "/apis/coordination.k8s.io/v1/namespaces/" + namespace + "/leases";
    }

    private static Mono<Lease> call(Supplier<KubeHttp.Reply> request) {
        return Mono.fromCallable(() -> read(request.get())).subscribeOn(Schedulers.boundedElastic());
    }

    static Lease read(KubeHttp.Reply reply) throws IOException {
        if (reply.code() >= 300) {
            throw new ApiException(LEASES.treeToValue(reply.body(), Status.class));
        }
        return LEASES.treeToValue(reply.body(), Lease.class);
    }

    private static String write(Lease lease) {
        Lease typed = new LeaseBuilder(lease)
                .withApiVersion("coordination.k8s.io/v1")
                .withKind("Lease")
                .build();
        try {
            return LEASES.writeValueAsString(typed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
