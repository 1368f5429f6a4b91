package io.skiff.apiserver.authentication;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.apiserver.pki.ClusterPki;
import io.skiff.apiserver.pki.PemFiles;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class X509AuthenticatorTest {

    @TempDir
    Path dir;

    @Test
    void theSubjectNamesTheUserAndItsGroupsInOrder() {
        ClusterPki pki = ClusterPki.open(dir, Clock.systemUTC());
        X509Certificate certificate =
                PemFiles.readCertificate(pki.client("ops", "jane", List.of("system:masters", "skiff:operators"))
                        .certificate());

        UserInfo user = X509Authenticator.user(certificate).orElseThrow();

        assertThat(user.name()).isEqualTo("jane");
        assertThat(user.uid()).isNull();
        assertThat(user.groups()).containsExactly("system:masters", "skiff:operators", "system:authenticated");
        assertThat(user.authenticated()).isTrue();
    }

    @Test
    void noCertificateIsNoUser() {
        assertThat(new X509Authenticator().authenticate(null)).isEmpty();
    }

    @Test
    void theReviewSaysWhoTheCallerIs() {
        assertThat(SelfSubjectReviews.review(UserInfo.ANONYMOUS).toString())
                .isEqualTo("{\"kind\":\"SelfSubjectReview\",\"apiVersion\":\"authentication.k8s.io/v1\","
                        + "\"metadata\":{\"creationTimestamp\":null},"
                        + "\"status\":{\"userInfo\":{\"username\":\"system:anonymous\","
                        + "\"groups\":[\"system:unauthenticated\"]}}}");
    }
}
