package io.skiff.apiserver.rest;

import io.skiff.apiserver.admission.AdmissionRecorder;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives every request an {@link AdmissionRecorder} and sends the warnings admission recorded as
 * {@code Warning: 299 - "..."} headers, as kube-apiserver's warning recorder does; kubectl prints
 * each as {@code Warning: ...}. The recorder is also an exchange attribute, for the audit log.
 */
public final class AdmissionWarningsFilter implements WebFilter {

    /** The exchange attribute holding the request's recorder. */
    public static final String ATTRIBUTE = AdmissionRecorder.class.getName();

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        AdmissionRecorder recorder = new AdmissionRecorder();
        exchange.getAttributes().put(ATTRIBUTE, recorder);
        exchange.getResponse().beforeCommit(() -> {
            for (String warning : recorder.warnings()) {
                exchange.getResponse().getHeaders().add("Warning", header(warning));
            }
            return Mono.empty();
        });
        return chain.filter(exchange).contextWrite(context -> context.put(AdmissionRecorder.CONTEXT_KEY, recorder));
    }

    /** A 299 warning as net/http's warning headers carry it: agent "-", text quoted. */
    static String header(String text) {
        return "299 - \"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
