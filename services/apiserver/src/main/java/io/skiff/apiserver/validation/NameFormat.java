package io.skiff.apiserver.validation;

import java.util.List;

/** How a kind's {@code metadata.name} must look (Kubernetes' {@code ValidateNameFunc} per kind). */
enum NameFormat {
    DNS_SUBDOMAIN,
    DNS_LABEL,
    DNS1035_LABEL,
    PATH_SEGMENT;

    /**
     * The problems with a name; {@code prefix} is true for a {@code generateName} prefix, whose trailing
     * dash a generated suffix will follow.
     */
    List<String> check(String name, boolean prefix) {
        return switch (this) {
            case DNS_SUBDOMAIN -> NameRules.isDns1123Subdomain(prefix ? NameRules.maskTrailingDash(name) : name);
            case DNS_LABEL -> NameRules.isDns1123Label(prefix ? NameRules.maskTrailingDash(name) : name);
            case DNS1035_LABEL -> NameRules.isDns1035Label(prefix ? NameRules.maskTrailingDash(name) : name);
            case PATH_SEGMENT -> prefix ? NameRules.isPathSegmentPrefix(name) : NameRules.isPathSegmentName(name);
        };
    }
}
