package io.ferperturb.inference.predictionlog;

import io.ferperturb.domain.event.Events;
import io.ferperturb.domain.event.PredictionLogged;
import io.ferperturb.domain.event.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import io.ferperturb.inference.config.InferenceConfig;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The newest records of the whole prediction log, as every replica hears them on {@code predictions} (each replica
 * its own consumer group, from its start on): what {@code GET /predictions/recent} summarises. Read from the topic
 * rather than kept from this replica's own answers, so every replica behind a load balancer shows the same mix.
 */
@ApplicationScoped
public class RecentPredictions {
    public static final String FEED = Topics.PREDICTIONS + "-feed";

    private final int capacity;
    private final Deque<PredictionLogged> newest = new ArrayDeque<>();

    RecentPredictions(InferenceConfig config) {
        this.capacity = config.predictionLog().recentCapacity();
    }

    /** A record that is not a prediction goes to {@code predictions.dlq}. */
    @Incoming(FEED)
    public void onRecord(String json) {
        add(Events.parsePredictionLogged(json));
    }

    synchronized void add(PredictionLogged record) {
        if (newest.size() == capacity) {
            newest.removeFirst();
        }
        newest.addLast(record);
    }

    public int capacity() {
        return capacity;
    }

    /** The newest {@code n} records (fewer when fewer were heard), oldest first. */
    public synchronized List<PredictionLogged> last(int n) {
        List<PredictionLogged> all = new ArrayList<>(newest);
        return all.subList(Math.max(0, all.size() - n), all.size());
    }
}
