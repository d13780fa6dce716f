package io.ferperturb.inference.video;

import io.ferperturb.commons.ApiException;

/** A body FFmpeg cannot read as an MP4, WebM or AVI video (415); the message says what to send instead. */
public class UnsupportedVideoException extends ApiException {
    public UnsupportedVideoException(String message) {
        super(415, "unsupported-video-format", message);
    }
}
