package io.ferperturb.inference.predict;

import io.ferperturb.domain.ModelRef;
import io.ferperturb.models.ModelCard;
import io.ferperturb.serving.InvalidRequestException;
import io.ferperturb.serving.ServingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The model(s) a request is answered with: one model, or an ensemble whose logits are summed (as the
 * paper's ensemble). Members must agree on classes and input size. It holds its members (acquired by the
 * caller) until closed.
 *
 * @param name the single model's id, or the ensemble's canonical reference
 */
public record ModelSelection(String name, List<ServingModel> members, boolean isEnsemble) implements AutoCloseable {

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
        return new ModelSelection(model.card().modelId(), List.of(model), false);
    }

    /**
     * Holds every model {@code ref} names, each through {@code acquire}; null (nothing held) as soon as
     * {@code acquire} answers null for one, which a non-blocking source does for a model not in memory.
     */
    public static ModelSelection open(ModelRef ref, Function<ModelRef.Single, ServingModel> acquire) {
        List<ServingModel> members = new ArrayList<>();
        try {
            for (ModelRef.Single member : ref.members()) {
                ServingModel model = acquire.apply(member);
                if (model == null) {
                    members.forEach(ServingModel::release);
                    return null;
                }
                members.add(model);
            }
            return ref.isEnsemble() ? new ModelSelection(ref.toString(), members, true) : single(members.get(0));
        } catch (RuntimeException e) {
            members.forEach(ServingModel::release);
            throw e;
        }
    }

    /** The single model's version; 0 for an ensemble (its members say theirs). */
    public int version() {
        return isEnsemble ? 0 : members.get(0).card().version();
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
