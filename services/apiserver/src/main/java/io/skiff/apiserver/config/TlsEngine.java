package io.skiff.apiserver.config;

import io.netty.handler.ssl.OpenSsl;

/**
 * The TLS implementation Netty gives this server's HTTPS (and every Netty client in the process):
 * BoringSSL when its native build loads (netty-tcnative, for Linux x86-64 and arm64), otherwise the
 * JDK's engine. BoringSSL's handshakes and record encryption cost several times less CPU, which is
 * what keeps a client that opens connections as fast as it can from starving everyone else's
 * handshakes on the shared event loops (docs/apiserver.md, "TLS engine").
 */
final class TlsEngine {

    private TlsEngine() {}

    static boolean boringSsl() {
        return OpenSsl.isAvailable();
    }

    /** For the start-up log: which engine, and why not BoringSSL when it is not. */
    static String describe() {
        if (boringSsl()) {
            return OpenSsl.versionString() + " (netty-tcnative)";
        }
        Throwable cause = OpenSsl.unavailabilityCause();
        return "the JDK's TLS engine (BoringSSL unavailable: "
                + (cause == null ? "unknown reason" : cause.getMessage())
                + ")";
    }
}
