package io.skiff.ingress.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Host and path matching and their precedence, as the Ingress spec defines them. */
class RoutingTableTest {

    private static Route route(String host, String path, PathType type, String service) {
        return new Route(
                HostPattern.of(host),
                PathRule.of(path, type),
                new Backend("default", "ing", service, Backend.ServicePortRef.number(80)));
    }

    private static Backend backend(String service) {
        return new Backend("default", "ing", service, Backend.ServicePortRef.number(80));
    }

    record Case(String name, List<Route> routes, Backend defaultBackend, String host, String path, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        Route fooPrefix = route("foo.example.com", "/", PathType.PREFIX, "foo");
        Route barPrefix = route("bar.example.com", "/", PathType.PREFIX, "bar");
        Route wildcard = route("*.example.com", "/", PathType.PREFIX, "wildcard");
        Route anyHost = route("", "/", PathType.PREFIX, "any");
        return Stream.of(
                        new Case(
                                "an exact host routes to its service",
                                List.of(fooPrefix, barPrefix),
                                null,
                                "foo.example.com",
                                "/x",
                                "foo"),
                        new Case(
                                "the other host to the other service",
                                List.of(fooPrefix, barPrefix),
                                null,
                                "bar.example.com",
                                "/",
                                "bar"),
                        new Case(
                                "the Host header's port is ignored",
                                List.of(fooPrefix),
                                null,
                                "foo.example.com:8080",
                                "/",
                                "foo"),
                        new Case(
                                "host names match case-insensitively",
                                List.of(fooPrefix),
                                null,
                                "FOO.Example.COM",
                                "/",
                                "foo"),
                        new Case(
                                "an unknown host with no default backend is unrouted",
                                List.of(fooPrefix),
                                null,
                                "baz.example.org",
                                "/",
                                null),
                        new Case(
                                "an exact host wins over a wildcard",
                                List.of(wildcard, fooPrefix),
                                null,
                                "foo.example.com",
                                "/",
                                "foo"),
                        new Case(
                                "a wildcard matches one label",
                                List.of(wildcard),
                                null,
                                "baz.example.com",
                                "/",
                                "wildcard"),
                        new Case(
                                "a wildcard does not match two labels",
                                List.of(wildcard),
                                null,
                                "a.baz.example.com",
                                "/",
                                null),
                        new Case(
                                "a wildcard does not match the bare suffix",
                                List.of(wildcard),
                                null,
                                "example.com",
                                "/",
                                null),
                        new Case(
                                "a wildcard wins over a rule without host",
                                List.of(anyHost, wildcard),
                                null,
                                "baz.example.com",
                                "/",
                                "wildcard"),
                        new Case(
                                "a rule without host matches any host",
                                List.of(anyHost),
                                null,
                                "whatever.test",
                                "/",
                                "any"),
                        new Case(
                                "a rule without host matches a request without Host",
                                List.of(anyHost),
                                null,
                                null,
                                "/",
                                "any"),
                        new Case(
                                "a host whose paths do not match falls through to rules without host",
                                List.of(route("foo.example.com", "/api", PathType.PREFIX, "api"), anyHost),
                                null,
                                "foo.example.com",
                                "/web",
                                "any"),
                        new Case(
                                "the longest matching prefix wins",
                                List.of(
                                        route("h", "/", PathType.PREFIX, "root"),
                                        route("h", "/a", PathType.PREFIX, "a"),
                                        route("h", "/a/b", PathType.PREFIX, "ab")),
                                null,
                                "h",
                                "/a/b/c",
                                "ab"),
                        new Case(
                                "a shorter prefix serves what the longer does not match",
                                List.of(
                                        route("h", "/a/b", PathType.PREFIX, "ab"),
                                        route("h", "/a", PathType.PREFIX, "a")),
                                null,
                                "h",
                                "/a/bc",
                                "a"),
                        new Case(
                                "Exact wins over Prefix of the same path",
                                List.of(
                                        route("h", "/foo", PathType.PREFIX, "prefix"),
                                        route("h", "/foo", PathType.EXACT, "exact")),
                                null,
                                "h",
                                "/foo",
                                "exact"),
                        new Case(
                                "Prefix serves the sub-paths Exact does not",
                                List.of(
                                        route("h", "/foo", PathType.PREFIX, "prefix"),
                                        route("h", "/foo", PathType.EXACT, "exact")),
                                null,
                                "h",
                                "/foo/bar",
                                "prefix"),
                        new Case(
                                "Exact does not match a trailing slash",
                                List.of(route("h", "/foo", PathType.EXACT, "exact")),
                                null,
                                "h",
                                "/foo/",
                                null),
                        new Case(
                                "Prefix matches element-wise, not by characters",
                                List.of(route("h", "/foo", PathType.PREFIX, "foo")),
                                null,
                                "h",
                                "/foobar",
                                null),
                        new Case(
                                "Prefix ignores the rule's trailing slash",
                                List.of(route("h", "/foo/", PathType.PREFIX, "foo")),
                                null,
                                "h",
                                "/foo",
                                "foo"),
                        new Case(
                                "Prefix matches the request's trailing slash",
                                List.of(route("h", "/foo", PathType.PREFIX, "foo")),
                                null,
                                "h",
                                "/foo/",
                                "foo"),
                        new Case(
                                "ImplementationSpecific is served as Prefix",
                                List.of(route(
                                        "h",
                                        "/foo",
                                        PathType.of("ImplementationSpecific").orElseThrow(),
                                        "foo")),
                                null,
                                "h",
                                "/foo/bar",
                                "foo"),
                        new Case(
                                "between identical routes the first added wins (the oldest Ingress)",
                                List.of(
                                        route("h", "/x", PathType.PREFIX, "older"),
                                        route("h", "/x", PathType.PREFIX, "newer")),
                                null,
                                "h",
                                "/x",
                                "older"),
                        new Case(
                                "unmatched requests go to the default backend",
                                List.of(fooPrefix),
                                backend("default"),
                                "other.example.com",
                                "/",
                                "default"),
                        new Case(
                                "a matching rule wins over the default backend",
                                List.of(fooPrefix),
                                backend("default"),
                                "foo.example.com",
                                "/",
                                "foo"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void routes(Case test) {
        RoutingTable.Builder builder = RoutingTable.builder();
        test.routes().forEach(builder::add);
        if (test.defaultBackend() != null) {
            builder.defaultBackend(test.defaultBackend());
        }
        Optional<Match> match = builder.build().route(test.host(), test.path());
        assertThat(match.map(found -> found.backend().service())).isEqualTo(Optional.ofNullable(test.expected()));
    }

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @MethodSource("prefixes")
    void prefixMatchingFollowsTheSpecExamples(String prefix, String request, boolean matches) {
        assertThat(PathRule.prefix(prefix).matches(request)).isEqualTo(matches);
    }

    /** The examples table of the Ingress documentation ("Examples" under Path types). */
    static Stream<Arguments> prefixes() {
        return Stream.of(
                Arguments.of("/", "/anything", true),
                Arguments.of("/foo", "/foo", true),
                Arguments.of("/foo", "/foo/", true),
                Arguments.of("/foo/", "/foo", true),
                Arguments.of("/foo/", "/foo/", true),
                Arguments.of("/aaa/bb", "/aaa/bbb", false),
                Arguments.of("/aaa/bbb", "/aaa/bbb", true),
                Arguments.of("/aaa/bbb/", "/aaa/bbb", true),
                Arguments.of("/aaa/bbb", "/aaa/bbb/", true),
                Arguments.of("/aaa/bbb", "/aaa/bbb/ccc", true),
                Arguments.of("/aaa/bbb", "/aaa/bbbxyz", false));
    }
}
