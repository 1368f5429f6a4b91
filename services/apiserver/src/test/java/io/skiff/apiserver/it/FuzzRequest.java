package io.skiff.apiserver.it;

import java.nio.charset.StandardCharsets;

/**
 * One request the fuzzer sends: over {@link java.net.http.HttpClient} unless {@code raw}, in which
 * case {@code path} is written as is on a socket of its own (paths and escapes the client refuses).
 *
 * @param category what kind of hostility this is, for the histogram
 * @param contentType null for none
 * @param body null for none
 * @param watch the response, when 200, is an endless stream: read its status and hang up
 */
record FuzzRequest(
        String category, String method, String path, String contentType, byte[] body, boolean watch, boolean raw) {

    static FuzzRequest of(String category, String method, String path, String contentType, byte[] body) {
        return new FuzzRequest(category, method, path, contentType, body, false, false);
    }

    static FuzzRequest of(String category, String method, String path, String contentType, String body) {
        return of(category, method, path, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    static FuzzRequest get(String category, String path) {
        return of(category, "GET", path, null, (byte[]) null);
    }

    static FuzzRequest watch(String category, String path) {
        return new FuzzRequest(category, "GET", path, null, null, true, false);
    }

    static FuzzRequest raw(String category, String method, String path, String contentType, byte[] body) {
        return new FuzzRequest(category, method, path, contentType, body, false, true);
    }

    /** The start of the body, printable, for failure reports. */
    String bodyPrefix() {
        if (body == null) {
            return "<none>";
        }
        String text = new String(body, 0, Math.min(body.length, 160), StandardCharsets.UTF_8)
                .replaceAll("[\\p{Cntrl}&&[^\n]]", "?");
        return text + (body.length > 160 ? "... (" + body.length + " bytes)" : "");
    }

    @Override
    public String toString() {
        return method + " " + (path.length() > 200 ? path.substring(0, 200) + "..." : path) + " [" + category
                + ", Content-Type " + contentType + "] body " + bodyPrefix();
    }
}
