package io.skiff.kubelet.prober;

import io.skiff.kubelet.envvars.GoQuote;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;

/**
 * Texts as Go's standard library writes them, since Kubernetes' probe messages are Go error strings:
 * {@code net.JoinHostPort}, {@code %q}, a {@code time.Duration}'s {@code %v}, and the errors of
 * {@code net.Dial} ({@code dial tcp 10.1.2.3:80: connect: connection refused}).
 */
final class GoText {

    private GoText() {}

    /** {@code host:port}, with an IPv6 host in brackets. */
    static String joinHostPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Go's {@code %q} of a string. */
    static String quote(String value) {
        return GoQuote.quote(value);
    }

    /** A whole-second or millisecond duration as Go prints it: {@code 1s}, {@code 1m30s}, {@code 500ms}. */
    static String duration(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
            return duration.toMillis() + "ms";
        }
        long seconds = duration.getSeconds();
        String fraction = duration.getNano() == 0
                ? ""
                : "." + String.format("%09d", duration.getNano()).replaceAll("0+$", "");
        if (seconds < 60) {
            return seconds + fraction + "s";
        }
        long minutes = seconds / 60;
        String tail = (minutes % 60) + "m" + (seconds % 60) + fraction + "s";
        return minutes < 60 ? tail : (minutes / 60) + "h" + tail;
    }

    /**
     * The error Go's {@code net.Dial("tcp", address)} returns for what Java threw while connecting:
     * {@code dial tcp 10.1.2.3:80: connect: connection refused}, {@code dial tcp 10.1.2.3:80: i/o
     * timeout}.
     */
    static String dialError(Throwable error, String host, int port) {
        String address = joinHostPort(host, port);
        if (error instanceof UnknownHostException) {
            return "dial tcp: lookup " + host + ": no such host";
        }
        if (isTimeout(error)) {
            return "dial tcp " + address + ": i/o timeout";
        }
        return "dial tcp " + address + ": " + syscallError(error);
    }

    /** A connect(2) failure as Go names it: {@code connect: connection refused}. */
    private static String syscallError(Throwable error) {
        String message = String.valueOf(error.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("connection refused")) {
            return "connect: connection refused";
        }
        if (error instanceof NoRouteToHostException || message.contains("no route to host")) {
            return "connect: no route to host";
        }
        if (message.contains("network is unreachable")) {
            return "connect: network is unreachable";
        }
        if (message.contains("connection reset")) {
            return "read: connection reset by peer";
        }
        if (error instanceof ConnectException) {
            return "connect: " + message.replaceFirst(":.*", "");
        }
        return message;
    }

    static boolean isTimeout(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException
                    || cause.getClass().getSimpleName().equals("ConnectTimeoutException")) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code error} happened while connecting (as opposed to talking on a connection). */
    static boolean isConnectFailure(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException
                    || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException
                    || cause.getClass().getSimpleName().equals("ConnectTimeoutException")) {
                return true;
            }
        }
        return false;
    }
}
