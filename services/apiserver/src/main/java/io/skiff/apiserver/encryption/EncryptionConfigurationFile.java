package io.skiff.apiserver.encryption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads an EncryptionConfiguration (apiserver.config.k8s.io/v1, YAML or JSON) as kube-apiserver's
 * {@code --encryption-provider-config} does, refusing what Kubernetes refuses: an unknown kind, a
 * provider entry naming no or several providers, a key without a name or with a secret of the wrong
 * length. Supports the aesgcm, aescbc, secretbox and identity providers; kms needs a plugin Skiff
 * does not have and is refused.
 */
public final class EncryptionConfigurationFile {

    static final String API_VERSION = "apiserver.config.k8s.io/v1";
    static final String KIND = "EncryptionConfiguration";
    private static final List<String> PROVIDERS = List.of("aesgcm", "aescbc", "secretbox", "identity", "kms");

    private EncryptionConfigurationFile() {}

    public static ResourceEncryption load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InvalidEncryptionConfigurationException(
                    "error reading encryption provider configuration file " + file + ": " + e.getMessage());
        }
        try {
            return parse(text, new SecureRandom());
        } catch (InvalidEncryptionConfigurationException e) {
            throw new InvalidEncryptionConfigurationException(
                    "error while parsing encryption provider configuration file " + file + ": " + e.getMessage());
        }
    }

    static ResourceEncryption parse(String text, SecureRandom random) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (IOException e) {
            throw new InvalidEncryptionConfigurationException("not valid YAML: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidEncryptionConfigurationException("the file holds no EncryptionConfiguration");
        }
        if (!KIND.equals(root.path("kind").asText())
                || !API_VERSION.equals(root.path("apiVersion").asText())) {
            throw new InvalidEncryptionConfigurationException("expected apiVersion " + API_VERSION + " and kind " + KIND
                    + ", got " + root.path("apiVersion").asText() + " "
                    + root.path("kind").asText());
        }
        JsonNode resources = root.path("resources");
        if (!resources.isArray() || resources.isEmpty()) {
            throw new InvalidEncryptionConfigurationException("resources: Required value: resources is required");
        }
        List<ResourceEncryption.Entry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < resources.size(); i++) {
            String path = "resources[" + i + "]";
            JsonNode item = resources.get(i);
            List<String> names = resourceNames(item.path("resources"), path + ".resources", seen);
            entries.add(new ResourceEncryption.Entry(names, providers(item.path("providers"), path, random)));
        }
        return new ResourceEncryption(entries);
    }

    private static List<String> resourceNames(JsonNode list, String path, Set<String> seen) {
        if (!list.isArray() || list.isEmpty()) {
            throw new InvalidEncryptionConfigurationException(path + ": Required value: resource is required");
        }
        List<String> names = new ArrayList<>();
        for (int j = 0; j < list.size(); j++) {
            String name = list.get(j).asText("");
            if (name.isEmpty() || !name.equals(name.toLowerCase(java.util.Locale.ROOT))) {
                throw new InvalidEncryptionConfigurationException(
                        path + "[" + j + "]: Invalid value: \"" + name + "\": resource name must be lower case");
            }
            // "secrets." and "secrets" both name the core group's secrets.
            String normalized = name.endsWith(".") && !name.equals("*.") ? name.substring(0, name.length() - 1) : name;
            if (!seen.add(normalized)) {
                throw new InvalidEncryptionConfigurationException(
                        path + "[" + j + "]: Duplicate value: \"" + name + "\": the resource is named more than once");
            }
            names.add(normalized);
        }
        return names;
    }

    private static ProviderChain providers(JsonNode list, String path, SecureRandom random) {
        if (!list.isArray() || list.isEmpty()) {
            throw new InvalidEncryptionConfigurationException(
                    path + ".providers: Required value: provider does not contain any of the expected providers:"
                            + " KMS, secretbox, AESGCM, AESCBC or Identity");
        }
        List<EncryptionProvider> providers = new ArrayList<>();
        for (int j = 0; j < list.size(); j++) {
            String providerPath = path + ".providers[" + j + "]";
            JsonNode entry = list.get(j);
            List<String> named = PROVIDERS.stream().filter(entry::has).toList();
            if (named.size() != 1) {
                throw new InvalidEncryptionConfigurationException(providerPath
                        + ": Invalid value: more than one provider specified in a single element, should split into"
                        + " different list elements, or none of aesgcm, aescbc, secretbox, identity, kms given");
            }
            String type = named.get(0);
            switch (type) {
                case "identity" -> providers.add(new IdentityProvider());
                case "kms" ->
                    throw new InvalidEncryptionConfigurationException(providerPath
                            + ".kms: Unsupported value: Skiff has no KMS plugin support; use aesgcm, aescbc or"
                            + " secretbox");
                default ->
                    providers.addAll(keys(type, entry.get(type).path("keys"), providerPath + "." + type, random));
            }
        }
        return new ProviderChain(providers);
    }

    private static List<EncryptionProvider> keys(String type, JsonNode keys, String path, SecureRandom random) {
        if (!keys.isArray() || keys.isEmpty()) {
            throw new InvalidEncryptionConfigurationException(
                    path + ".keys: Required value: at least one key is required");
        }
        List<EncryptionProvider> providers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int k = 0; k < keys.size(); k++) {
            String keyPath = path + ".keys[" + k + "]";
            String name = keys.get(k).path("name").asText("");
            String secret = keys.get(k).path("secret").asText("");
            if (name.isEmpty()) {
                throw new InvalidEncryptionConfigurationException(
                        keyPath + ".name: Required value: key name is required");
            }
            if (name.contains(":")) {
                throw new InvalidEncryptionConfigurationException(
                        keyPath + ".name: Invalid value: \"" + name + "\": should not contain ':'");
            }
            if (!names.add(name)) {
                throw new InvalidEncryptionConfigurationException(keyPath + ".name: Duplicate value: \"" + name + "\"");
            }
            if (secret.isEmpty()) {
                throw new InvalidEncryptionConfigurationException(
                        keyPath + ".secret: Required value: secret is required");
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(secret);
            } catch (IllegalArgumentException e) {
                throw new InvalidEncryptionConfigurationException(
                        keyPath + ".secret: Invalid value: \"REDACTED\": secrets must be base64 encoded");
            }
            try {
                providers.add(
                        switch (type) {
                            case "aesgcm" -> new AesGcmProvider(name, bytes, random);
                            case "aescbc" -> new AesCbcProvider(name, bytes, random);
                            default -> new SecretboxProvider(name, bytes, random);
                        });
            } catch (IllegalArgumentException e) {
                throw new InvalidEncryptionConfigurationException(
                        keyPath + ".secret: Invalid value: \"REDACTED\": " + e.getMessage());
            }
        }
        return providers;
    }
}
