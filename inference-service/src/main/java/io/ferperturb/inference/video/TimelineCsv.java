package io.ferperturb.inference.video;

import java.util.List;
import java.util.Locale;

/**
 * A timeline as CSV, one row per face per sampled frame (frames without faces have no row): {@code frame, time_s,
 * track, x, y, width, height, emotion, smoothed_emotion}, then each class's probability ({@code p_<class>}) and
 * smoothed probability ({@code smoothed_<class>}). Class names are plain words, so nothing needs quoting.
 */
public final class TimelineCsv {
    private TimelineCsv() {
    }

    public static String of(Timeline timeline) {
        List<String> classes = timeline.classes();
        StringBuilder out = new StringBuilder("frame,time_s,track,x,y,width,height,emotion,smoothed_emotion");
        classes.forEach(c -> out.append(",p_").append(c));
        classes.forEach(c -> out.append(",smoothed_").append(c));
        out.append('\n');
        for (Timeline.FrameFaces frame : timeline.frames()) {
            for (Timeline.TrackedFace face : frame.faces()) {
                out.append(frame.frame()).append(',').append(number(frame.timeS())).append(',').append(face.track());
                for (int v : face.box()) {
                    out.append(',').append(v);
                }
                out.append(',').append(face.emotion()).append(',').append(face.smoothedEmotion());
                classes.forEach(c -> out.append(',').append(number(face.probabilities().get(c))));
                classes.forEach(c -> out.append(',').append(number(face.smoothed().get(c))));
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
