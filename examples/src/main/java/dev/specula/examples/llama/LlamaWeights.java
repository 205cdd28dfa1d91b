package dev.specula.examples.llama;

/**
 * Every tensor of a Llama-2-architecture model. Per-layer arrays are indexed by layer; the
 * RMSNorm weights are small and copied to the heap, the matrices stay in the mapped file.
 *
 * @param tokenEmbedding vocabularySize x dim
 * @param attentionNorm per layer, dim RMSNorm weights before attention
 * @param wq per layer, dim x dim (query projection, heads * headSize outputs)
 * @param wk per layer, kvDim x dim
 * @param wv per layer, kvDim x dim
 * @param wo per layer, dim x dim (attention output projection)
 * @param ffnNorm per layer, dim RMSNorm weights before the feed-forward layer
 * @param w1 per layer, hiddenDim x dim (SwiGLU gate)
 * @param w2 per layer, dim x hiddenDim (down projection)
 * @param w3 per layer, hiddenDim x dim (SwiGLU up projection)
 * @param finalNorm dim RMSNorm weights before the classifier
 * @param classifier vocabularySize x dim; the token embedding itself when shared
 */
public record LlamaWeights(Matrix tokenEmbedding, float[][] attentionNorm, Matrix[] wq, Matrix[] wk, Matrix[] wv,
                           Matrix[] wo, float[][] ffnNorm, Matrix[] w1, Matrix[] w2, Matrix[] w3, float[] finalNorm,
                           Matrix classifier) {
}
