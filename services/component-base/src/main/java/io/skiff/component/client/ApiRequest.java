package io.skiff.component.client;

import io.skiff.component.resilience.RetryRule;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpMethod;

/**
 * One request to the API server, independent of which server it goes to.
 *
 * @param method the HTTP method
 * @param path the encoded path, e.g. /api/v1/namespaces/default/pods/web-1
 * @param query the encoded query without '?', or ""
 * @param body the request body, or null
 * @param contentType the body's media type, or null without a body
 * @param retryRule when the request may be repeated after a failure
 */
record ApiRequest(HttpMethod method, String path, String query, byte[] body, String contentType, RetryRule retryRule) {

    static ApiRequest read(String path, Query query) {
        return new ApiRequest(HttpMethod.GET, path, query.encoded(), null, null, RetryRule.READ);
    }

    static ApiRequest write(HttpMethod method, String path, Query query, byte[] body, String contentType) {
        return new ApiRequest(method, path, query.encoded(), body, contentType, RetryRule.WRITE);
    }

    ApiRequest withRetryRule(RetryRule rule) {
        return new ApiRequest(method, path, query, body, contentType, rule);
    }

    String pathAndQuery() {
        return query.isEmpty() ? path : path + "?" + query;
    }

    /** Query parameters in order, encoded as Go's url.QueryEscape does ('+' and '=' escaped too). */
    static final class Query {

        private final StringBuilder encoded = new StringBuilder();

        Query add(String name, String value) {
            if (value != null) {
                if (!encoded.isEmpty()) {
                    encoded.append('&');
                }
                encoded.append(name)
                        .append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
            }
            return this;
        }

        Query add(String name, Number value) {
            return value == null ? this : add(name, value.toString());
        }

        String encoded() {
            return encoded.toString();
        }
    }
}
