package io.skiff.kubelet.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.skiff.kubelet.cri.ContainerConfig.Security;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ContainerUserTest {

    private static final String PASSWD = """
            root:x:0:0:root:/root:/bin/sh
            # a comment
            daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
            app:x:1000:1000::/home/app:/bin/sh
            """;

    private static final String GROUP = """
            root:x:0:
            daemon:x:1:
            wheel:x:10:root,app
            app:x:1000:app
            audio:x:29:app
            staff:x:50:
            """;

    static Security runAs(Long user, Long group, List<Long> supplemental) {
        return new Security(user, group, supplemental, false, false, List.of(), List.of());
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                argumentSet("no user anywhere: root", null, "", new ContainerUser(0, 0, List.of(0L, 10L))),
                argumentSet(
                        "the image's user name, with its group and its supplementary groups",
                        null,
                        "app",
                        new ContainerUser(1000, 1000, List.of(10L, 29L, 1000L))),
                argumentSet(
                        "the image's uid takes the passwd entry's group",
                        null,
                        "1",
                        new ContainerUser(1, 1, List.of(1L))),
                argumentSet(
                        "a uid unknown to passwd runs with group 0",
                        null,
                        "4242",
                        new ContainerUser(4242, 0, List.of(0L))),
                argumentSet("uid:gid as given", null, "1000:50", new ContainerUser(1000, 50, List.of(10L, 29L, 50L))),
                argumentSet(
                        "name:group looked up", null, "app:staff", new ContainerUser(1000, 50, List.of(10L, 29L, 50L))),
                argumentSet(
                        "runAsUser overrides the image's user and takes passwd's group",
                        runAs(1000L, null, List.of()),
                        "daemon",
                        new ContainerUser(1000, 1000, List.of(10L, 29L, 1000L))),
                argumentSet(
                        "runAsUser and runAsGroup",
                        runAs(1L, 50L, List.of()),
                        "",
                        new ContainerUser(1, 50, List.of(50L))),
                argumentSet(
                        "supplementalGroups join the additional groups, sorted and once",
                        runAs(4242L, 7L, List.of(300L, 7L, 100L)),
                        "",
                        new ContainerUser(4242, 7, List.of(7L, 100L, 300L))));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void resolvesAgainstTheRootfs(Security security, String imageUser, ContainerUser expected) {
        assertThat(ContainerUser.resolve(security, imageUser, PASSWD, GROUP)).isEqualTo(expected);
    }

    @Test
    void aRootfsWithoutPasswdStillRunsNumericUsers() {
        assertThat(ContainerUser.resolve(null, "65534:65534", "", ""))
                .isEqualTo(new ContainerUser(65534, 65534, List.of(65534L)));
    }

    @Test
    void anUnknownUserNameIsAnError() {
        assertThatThrownBy(() -> ContainerUser.resolve(null, "nobody", PASSWD, GROUP))
                .hasMessageContaining("unable to find user nobody");
    }

    @Test
    void aGroupWithoutUserIsAnErrorAsInContainerd() {
        assertThatThrownBy(() -> ContainerUser.resolve(runAs(null, 5L, List.of()), "", PASSWD, GROUP))
                .hasMessage("user group \"5\" is specified without user");
    }
}
