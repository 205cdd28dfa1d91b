/**
 * The speculative decoding loop: {@link dev.specula.core.decoding.SpeculativeDecoder} drives a
 * target {@link dev.specula.core.decoding.LanguageModel}, a
 * {@link dev.specula.core.decoding.DraftSource} (a draft model, prompt lookup, an early-exit view
 * of the target, or your own) and any {@link dev.specula.core.ChainVerifier}; plain decoding with
 * the same settings and random streams is its comparison, and
 * {@link dev.specula.core.decoding.DecodingStats} reports acceptance, tokens per verification
 * against Leviathan et al.'s formula, and the time split.
 */
package dev.specula.core.decoding;
