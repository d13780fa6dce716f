package io.ferperturb.storage;

/** The named object or bucket does not exist. */
public class ObjectNotFoundException extends StorageException {
    public ObjectNotFoundException(S3Uri uri, Throwable cause) {
        super("no object at " + uri, cause);
    }
}
