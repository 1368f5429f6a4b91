package io.skiff.apiserver.rest;

import java.util.ArrayList;
import java.util.List;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * The media types a request accepts, read leniently. Kubernetes clients send types Spring's strict
 * parser rejects, such as kubectl's {@code application/com.github.proto-openapi.spec.v2@v1.0+protobuf}
 * (an '@' is not a token character); such an entry is skipped rather than failing the request with
 * a 500, since the server cannot produce it anyway.
 */
final class AcceptHeader {

    private AcceptHeader() {}

    static List<MediaType> of(ServerRequest request) {
        List<MediaType> types = new ArrayList<>();
        for (String header : request.headers().header("Accept")) {
            for (String entry : MimeTypeUtils.tokenize(header)) {
                if (entry.isBlank()) {
                    continue;
                }
                try {
                    types.add(MediaType.parseMediaType(entry.trim()));
                } catch (InvalidMediaTypeException unparseable) {
                    // Skipped: see the class comment.
                }
            }
        }
        return types;
    }
}
