package io.ferperturb.perturb.service;

import io.ferperturb.commons.ApiException;

/** An upload broke one of the {@code fer.perturb.upload.*} caps (413): what was too large and which setting allows more. */
public class UploadTooLargeException extends ApiException {
    public static final String CODE = "upload-too-large";

    public UploadTooLargeException(String message) {
        super(413, CODE, message);
    }
}
