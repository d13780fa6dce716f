package io.ferperturb.commons;

import java.io.IOException;
import java.net.InetAddress;
import java.util.UUID;

/** Who this process is, as records, claims and logs name it. */
public final class Replicas {
    private static final String PROCESS_ID = hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);

    private Replicas() {
    }

    /** The host's name: the pod's name in Kubernetes; {@code unknown} where none can be had. */
    public static String hostName() {
        String host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * The host's name and a random part, new at every start: unique even for several processes on one host, so that
     * an owner of a claim is never mistaken for another (or for itself before a restart).
     */
    public static String processId() {
        return PROCESS_ID;
    }
}
