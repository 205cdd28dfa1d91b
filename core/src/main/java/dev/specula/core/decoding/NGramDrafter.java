package dev.specula.core.decoding;

/**
 * Prompt-lookup drafting (Saxena 2023, "Prompt Lookup Decoding"; Yang et al. 2023, "Inference
 * with Reference", arXiv 2304.04487): no model, the drafts are copied from the context.
 *
 * <p>Rule: for n from {@code maxNgram} down to {@code minNgram}, take the last n context tokens
 * and look for their most recent earlier occurrence (one that ends before the last token, so it
 * has a continuation). At the first n with a match, propose the tokens that followed it, up to
 * the proposal's limit. The copy may run past the end of the context into the drafts just
 * proposed, so a repeating pattern continues for the whole proposal. No match: no drafts.
 *
 * <p>The drafts are deterministic, so they are proposed one-hot: the verifier accepts draft d
 * with probability p(d) (greedy target: iff d is the arg-max).
 *
 * <pre>{@code
 * // context ... the cat sat on the mat . the cat   ->  drafts: sat on the mat
 * DraftSource lookup = new NGramDrafter(3, 1);
 * }</pre>
 *
 * <p>Each proposal scans the context once per n-gram length: O(length x maxNgram) work, which
 * is small next to a model's forward pass for contexts of a few thousand tokens.
 */
public final class NGramDrafter implements DraftSource {
    private final int maxNgram;
    private final int minNgram;
    private int[] drafts = new int[16];

    /** Matches suffixes of {@code maxNgram} down to {@code minNgram} tokens, {@code 1 <= minNgram <= maxNgram}. */
    public NGramDrafter(int maxNgram, int minNgram) {
        if (minNgram < 1 || maxNgram < minNgram) {
            throw new IllegalArgumentException("n-gram lengths must satisfy 1 <= minNgram <= maxNgram, got minNgram " + minNgram
                    + ", maxNgram " + maxNgram);
        }
        this.maxNgram = maxNgram;
        this.minNgram = minNgram;
    }

    /** Suffixes of 3 down to 1 tokens. */
    public NGramDrafter() {
        this(3, 1);
    }

    public int maxNgram() {
        return maxNgram;
    }

    public int minNgram() {
        return minNgram;
    }

    @Override
    public void begin(TokenSequence prompt) {}

    @Override
    public void propose(TokenSequence context, DraftProposal proposal) {
        int limit = proposal.limit();
        if (limit == 0) return;
        int length = context.length();
        for (int n = Math.min(maxNgram, length - 1); n >= minNgram; n--) {
            int start = mostRecentMatch(context, n);
            if (start < 0) continue;
            if (drafts.length < limit) drafts = new int[Math.max(limit, 2 * drafts.length)];
            // Copy what followed the match; past the context's end the copy reads its own drafts.
            for (int i = 0, from = start + n; i < limit; i++, from++) {
                drafts[i] = from < length ? context.get(from) : drafts[from - length];
                proposal.add(drafts[i]);
            }
            return;
        }
    }

    /**
     * Start of the most recent occurrence of the context's last n tokens that ends before the
     * last token, or -1.
     */
    static int mostRecentMatch(TokenSequence context, int n) {
        int length = context.length();
        int suffix = length - n;
        for (int start = suffix - 1; start >= 0; start--) {
            int k = 0;
            while (k < n && context.get(start + k) == context.get(suffix + k)) k++;
            if (k == n) return start;
        }
        return -1;
    }

    @Override
    public void accepted(int count) {}

    @Override
    public String name() {
        return "n-gram";
    }
}
