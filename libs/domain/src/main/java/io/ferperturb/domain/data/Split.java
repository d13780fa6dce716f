package io.ferperturb.domain.data;

/** FER2013's Usage column: Training = train, PublicTest = validation, PrivateTest = test. */
public enum Split {
    TRAINING("Training"), PUBLIC_TEST("PublicTest"), PRIVATE_TEST("PrivateTest");

    private final String usage;

    Split(String usage) {
        this.usage = usage;
    }

    /** The name used in the CSV, in manifests and in event counts. */
    public String usage() {
        return usage;
    }

    /** @throws IllegalArgumentException for anything but the three FER2013 names */
    public static Split ofUsage(String usage) {
        for (Split s : values()) {
            if (s.usage.equals(usage)) {
                return s;
            }
        }
        throw new IllegalArgumentException("Usage must be Training, PublicTest or PrivateTest, got '" + usage + "'");
    }
}
