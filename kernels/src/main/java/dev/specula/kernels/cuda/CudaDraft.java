package dev.specula.kernels.cuda;

import java.util.Objects;

/** What a device-resident verification knows of q: device rows of logits or probabilities, or one-hot drafts. */
public sealed interface CudaDraft {
    /** Draft logits on the device; q = softmax(z / draft temperature) of each sequence's draft settings. */
    record Logits(CudaRows rows) implements CudaDraft {
        public Logits {
            Objects.requireNonNull(rows, "rows");
        }
    }

    /** Draft probabilities on the device, used as given. */
    record Probabilities(CudaRows rows) implements CudaDraft {
        public Probabilities {
            Objects.requireNonNull(rows, "rows");
        }
    }

    /** One-hot drafts: no rows. */
    record OneHot() implements CudaDraft {}

    static CudaDraft oneHot() {
        return new OneHot();
    }

    /** The kernels' number for this kind. */
    default int kind() {
        return switch (this) {
            case OneHot o -> PipelinePlan.ONE_HOT;
            case Logits l -> PipelinePlan.LOGITS;
            case Probabilities p -> PipelinePlan.PROBABILITIES;
        };
    }

    /** The rows, or null for one-hot drafts. */
    default CudaRows rowsOrNull() {
        return switch (this) {
            case OneHot o -> null;
            case Logits l -> l.rows();
            case Probabilities p -> p.rows();
        };
    }
}
