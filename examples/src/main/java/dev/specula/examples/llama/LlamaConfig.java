package dev.specula.examples.llama;

/**
 * The hyper-parameters of a Llama-2-architecture model, as a llama2.c checkpoint header states
 * them.
 *
 * @param dim width of the residual stream (the embedding size)
 * @param hiddenDim width of the SwiGLU feed-forward layer
 * @param layers number of transformer blocks
 * @param heads number of query heads
 * @param kvHeads number of key/value heads; {@code heads / kvHeads} query heads share one
 *     (grouped-query attention, Ainslie et al. 2023)
 * @param vocabularySize number of tokens
 * @param contextLength maximum sequence length
 * @param sharedClassifier whether the classifier reuses the token-embedding matrix
 */
public record LlamaConfig(int dim, int hiddenDim, int layers, int heads, int kvHeads, int vocabularySize,
                          int contextLength, boolean sharedClassifier) {

    /**
     * @throws IllegalArgumentException naming the first inconsistent value
     */
    public LlamaConfig {
        positive("dim", dim);
        positive("hidden_dim", hiddenDim);
        positive("n_layers", layers);
        positive("n_heads", heads);
        positive("n_kv_heads", kvHeads);
        positive("vocab_size", vocabularySize);
        positive("seq_len", contextLength);
        if (dim % heads != 0) throw new IllegalArgumentException("dim " + dim + " is not a multiple of n_heads " + heads);
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException("n_heads " + heads + " is not a multiple of n_kv_heads " + kvHeads);
        }
        if ((dim / heads) % 2 != 0) {
            throw new IllegalArgumentException("head size " + dim / heads + " is odd; RoPE rotates pairs of dimensions");
        }
        // The key/value caches and the attention scores are Java arrays.
        if ((long) contextLength * dim > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("seq_len " + contextLength + " x dim " + dim + " is too large for one cache array");
        }
    }

    private static void positive(String name, int value) {
        if (value <= 0) throw new IllegalArgumentException(name + " must be positive, got " + value);
    }

    /** Width of one attention head. */
    public int headSize() {
        return dim / heads;
    }

    /** Width of the keys (and values) of one position: {@code kvHeads * headSize}. */
    public int kvDim() {
        return kvHeads * headSize();
    }

    /** Number of query heads that share one key/value head. */
    public int queriesPerKv() {
        return heads / kvHeads;
    }
}
