package io.skiff.apiserver.encryption;

import io.skiff.apiserver.storage.RegistryKey;
import io.skiff.apiserver.storage.ValueTransformer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry's value transformer under an EncryptionConfiguration: each group-resource gets the
 * providers of the first entry that names it (exactly, as {@code *.<group>} or as {@code *.*});
 * resources no entry names are stored as they are.
 */
public final class ResourceEncryption implements ValueTransformer {

    private static final ProviderChain PLAIN = new ProviderChain(List.of(new IdentityProvider()));

    private final List<Entry> entries;
    private final Map<String, ProviderChain> byResource = new ConcurrentHashMap<>();

    /** One {@code resources} item: the group-resources it names and their providers. */
    record Entry(List<String> resources, ProviderChain providers) {

        boolean names(String groupResource) {
            String group = groupResource.contains(".") ? groupResource.substring(groupResource.indexOf('.') + 1) : "";
            for (String resource : resources) {
                if (resource.equals(groupResource)
                        || resource.equals("*.*")
                        || (resource.startsWith("*.") && resource.substring(2).equals(group))) {
                    return true;
                }
            }
            return false;
        }
    }

    ResourceEncryption(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Whether values of {@code groupResource} are written by a provider other than identity. */
    public boolean encrypts(String groupResource) {
        return !(chain(groupResource).writer() instanceof IdentityProvider);
    }

    @Override
    public byte[] toStorage(RegistryKey key, byte[] plain) {
        return chain(key.resource()).seal(key, plain);
    }

    @Override
    public byte[] fromStorage(RegistryKey key, byte[] stored) {
        return chain(key.resource()).open(key, stored);
    }

    @Override
    public boolean isStale(RegistryKey key, byte[] stored) {
        return chain(key.resource()).isStale(stored);
    }

    private ProviderChain chain(String groupResource) {
        return byResource.computeIfAbsent(
                groupResource,
                r -> entries.stream()
                        .filter(e -> e.names(r))
                        .map(Entry::providers)
                        .findFirst()
                        .orElse(PLAIN));
    }
}
