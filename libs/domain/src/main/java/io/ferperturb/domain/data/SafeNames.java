package io.ferperturb.domain.data;

/**
 * Object and archive-entry names come from users (archives, manifests); before one is used as a path it
 * must be relative and stay inside its root.
 */
public final class SafeNames {
    private SafeNames() {
    }

    /** Why {@code name} is unsafe as a relative path, or null if it is fine. */
    public static String problemWith(String name) {
        if (name == null || name.isBlank()) {
            return "empty name";
        }
        if (name.startsWith("/") || name.contains("\\") || name.contains("\0")
                || (name.length() >= 2 && name.charAt(1) == ':')) {
            return "unsafe name '" + name + "' (absolute, or with a backslash or drive letter)";
        }
        for (String segment : name.split("/")) {
            if (segment.equals("..")) {
                return "unsafe name '" + name + "' (climbs out of its folder with '..')";
            }
        }
        return null;
    }
}
