package io.ferperturb.commons;

import io.ferperturb.storage.StorageSettings;
import io.smallrye.config.ConfigMapping;

/** {@code fer.storage.*} (env {@code FER_STORAGE_…}): the same keys in every service. */
@ConfigMapping(prefix = "fer.storage")
public interface StorageConfig extends StorageSettings {
}
