package io.skiff.apiserver.authentication.serviceaccount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.apiserver.pki.PemFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceAccountKeysTest {

    @TempDir
    Path dir;

    @Test
    void aGeneratedKeyIsKeptUnderTheDataDirOwnerOnlyAndReused() throws Exception {
        ServiceAccountKeys first = ServiceAccountKeys.load(null, List.of(), dir);
        Path file = dir.resolve("tls/service-account.key");

        ServiceAccountKeys second = ServiceAccountKeys.load(null, List.of(), dir);

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(second.signingKeyId()).isEqualTo(first.signingKeyId());
    }

    @Test
    void withoutADataDirTheKeyLivesInMemory() {
        assertThat(ServiceAccountKeys.load(null, List.of(), null).signingKeyId())
                .isNotEqualTo(ServiceAccountKeys.load(null, List.of(), null).signingKeyId());
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void anRsaSigningKeyInPkcs1PemSignsRs256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair rsa = generator.generateKeyPair();
        Path file = dir.resolve("sa.key");
        try (JcaPEMWriter writer = new JcaPEMWriter(Files.newBufferedWriter(file))) {
            writer.writeObject(rsa.getPrivate()); // "RSA PRIVATE KEY", as openssl genrsa writes it
        }

        ServiceAccountKeys keys = ServiceAccountKeys.load(file, List.of(), null);

        assertThat(keys.signing().getPublic()).isEqualTo(rsa.getPublic());
        assertThat(keys.signingKeyId()).isEqualTo(ServiceAccountKeys.keyId(rsa.getPublic()));
        String token = new ServiceAccountTokenSigner(keys).sign(claims());
        assertThat(new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[0])))
                .contains("\"alg\":\"RS256\"")
                .contains("\"kid\":\"" + keys.signingKeyId() + "\"");
    }

    @Test
    void verificationKeysComeFromPublicKeyFilesToo() throws Exception {
        KeyPair old = ServiceAccountKeys.generate();
        Path publicFile = dir.resolve("old.pub");
        try (JcaPEMWriter writer = new JcaPEMWriter(Files.newBufferedWriter(publicFile))) {
            writer.writeObject(old.getPublic());
        }
        Path signing = dir.resolve("new.key");
        PemFiles.write(signing, ServiceAccountKeys.generate().getPrivate());

        ServiceAccountKeys keys = ServiceAccountKeys.load(signing, List.of(publicFile), null);

        assertThat(keys.verificationKeys(ServiceAccountKeys.keyId(old.getPublic())))
                .containsExactly(old.getPublic());
        assertThat(keys.verificationKeys(null)).hasSize(2);
    }

    @Test
    void unusableKeyFilesStopTheServer() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "not a key\n");

        assertThatThrownBy(() -> ServiceAccountKeys.load(empty, List.of(), null))
                .isInstanceOf(ServiceAccountKeys.InvalidKeyFileException.class)
                .hasMessageContaining("holds no PEM private key");
        assertThatThrownBy(() -> ServiceAccountKeys.load(null, List.of(empty), null))
                .isInstanceOf(ServiceAccountKeys.InvalidKeyFileException.class)
                .hasMessageContaining("holds no PEM key");
        assertThatThrownBy(() -> ServiceAccountKeys.load(dir.resolve("missing.key"), List.of(), null))
                .isInstanceOf(ServiceAccountKeys.InvalidKeyFileException.class)
                .hasMessageContaining("could not read");
    }

    private static ServiceAccountClaims claims() {
        java.time.Instant now = java.time.Instant.now();
        return new ServiceAccountClaims(
                TokenFixture.ISSUER,
                TokenFixture.API,
                now,
                now,
                now.plusSeconds(600),
                "id",
                "ns",
                new ObjectRef("robot", "sa-uid"),
                null,
                null,
                null,
                null);
    }
}
