package io.ferperturb.storage;

/** The object store failed or refused; the message says which object and why. */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
