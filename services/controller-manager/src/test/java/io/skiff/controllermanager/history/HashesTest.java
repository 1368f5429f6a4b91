package io.skiff.controllermanager.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HashesTest {

    @Test
    void safeEncodingMapsDecimalDigitsOntoTheAlphabetWithoutVowels() {
        // fmt.Sprint(uint32) then rand.SafeEncodeString: '0'..'9' are 48..57, taken modulo 27.
        assertThat(Hashes.safeEncode(1234567890)).isEqualTo("56789bcdf4");
        assertThat(Hashes.safeEncode(-1)).isEqualTo("86f8fbc6f9");
    }

    @Test
    void fnvHashesMatchGosHashFnv() {
        assertThat(Hashes.fnv1(bytes("a"))).isEqualTo(0x050c5d7e);
        assertThat(Hashes.fnv1a(new byte[0])).isEqualTo(0x811c9dc5);
        assertThat(Hashes.fnv1a(bytes("a"))).isEqualTo(0xe40c292c);
        assertThat(Hashes.fnv1a(bytes("foobar"))).isEqualTo(0xbf9cf968);
        assertThat(Hashes.fnv1a(bytes("foo"), bytes("bar"))).isEqualTo(0xbf9cf968);
    }

    @Test
    void theTemplateHashMixesInTheCollisionCountAsEightLittleEndianBytes() {
        byte[] template = bytes("{\"spec\":{}}");

        assertThat(Hashes.templateHash(template, null)).isEqualTo(Hashes.safeEncode(Hashes.fnv1a(template)));
        assertThat(Hashes.templateHash(template, 258))
                .isEqualTo(Hashes.safeEncode(Hashes.fnv1a(template, new byte[] {2, 1, 0, 0, 0, 0, 0, 0})));
        assertThat(Hashes.templateHash(template, 0)).isNotEqualTo(Hashes.templateHash(template, null));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
