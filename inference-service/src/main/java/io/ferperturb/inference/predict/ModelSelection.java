package io.ferperturb.inference.predict;

import io.ferperturb.models.ModelCard;
import io.ferperturb.serving.InvalidRequestException;
import io.ferperturb.serving.ServingModel;
import java.util.List;

/**
 * The model(s) a request is answered with: one model, or an ensemble whose logits are summed (as the
 * paper's ensemble). Members must agree on classes and input size. It holds its members (acquired by the
 * caller) until closed.
 */
public record ModelSelection(String name, List<ServingModel> members) implements AutoCloseable {
    public static final String ENSEMBLE_PREFIX = "ensemble:";

    public ModelSelection {
        members = List.copyOf(members);
        ModelCard first = members.get(0).card();
        for (ServingModel m : members) {
            if (!m.card().classes().equals(first.classes()) || m.card().inputSide() != first.inputSide()) {
                throw new InvalidRequestException("an ensemble's models must share classes and input size: "
                        + first.modelId() + " and " + m.card().modelId() + " differ");
            }
        }
    }

    public static ModelSelection single(ServingModel model) {
        return new ModelSelection(model.card().modelId(), List.of(model));
    }

    public boolean isEnsemble() {
        return members.size() > 1 || name.startsWith(ENSEMBLE_PREFIX);
    }

    /** The single model's version; 0 for an ensemble (its members say theirs). */
    public int version() {
        return isEnsemble() ? 0 : members.get(0).card().version();
    }

    /** {@code id:version} of each member. */
    public List<String> memberIds() {
        return members.stream().map(m -> m.card().modelId() + ":" + m.card().version()).toList();
    }

    public ModelCard card() {
        return members.get(0).card();
    }

    /** The request is over: releases each member. */
    @Override
    public void close() {
        members.forEach(ServingModel::release);
    }
}
