package io.skiff.apiserver.rest;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * A request URI's query as Go's url.ParseQuery reads it ({@code +} is a space, as Go clients encode
 * one), for the handlers that see the raw URI: WebSocket watches and pods/exec.
 */
final class QueryStrings {

    private QueryStrings() {}

    static MultiValueMap<String, String> parse(URI uri) {
        MultiValueMap<String, String> query = new LinkedMultiValueMap<>();
        for (Map.Entry<String, List<String>> e :
                UriComponentsBuilder.fromUri(uri).build(true).getQueryParams().entrySet()) {
            for (String value : e.getValue()) {
                query.add(decode(e.getKey()), value == null ? "" : decode(value));
            }
        }
        return query;
    }

    /** {@code value} escaped for a query as Go's url.QueryEscape does, but with a space as %20. */
    static String escape(String value) {
        return UriUtils.encode(value, StandardCharsets.UTF_8);
    }

    private static String decode(String value) {
        return UriUtils.decode(value.replace("+", "%20"), StandardCharsets.UTF_8);
    }
}
