package dev.specula.kernels.paper;

import com.aparapi.Kernel;

/**
 * Work-group reductions in local memory shared by the paper's kernels (sequential addressing,
 * every work-item calls them: their barriers must never sit in divergent code). Each
 * {@code __local} array has one element per work-item.
 */
abstract class ReducingKernel extends Kernel {
    static final float FLOAT_MAX = 3.4028235e38f;

    @Local float[] localSum = new float[1];
    @Local float[] localMax = new float[1];
    @Local int[] localArg = new int[1];
    @Local int[] localBad = new int[1];

    /** Leaves the sum of {@code localSum[0 .. size)} in {@code localSum[0]}. */
    void reduceSum(int lid, int size) {
        localBarrier();
        for (int span = size / 2; span > 0; span = span / 2) {
            if (lid < span) localSum[lid] = localSum[lid] + localSum[lid + span];
            localBarrier();
        }
    }

    /**
     * Leaves in {@code localMax[0]}/{@code localArg[0]} the largest finite value and its lowest
     * index (index -1: no finite value), and in {@code localBad[0]} the lowest bad index (-1: none).
     */
    void reduceMaxArgBad(int lid, int size) {
        localBarrier();
        for (int span = size / 2; span > 0; span = span / 2) {
            if (lid < span) {
                int other = lid + span;
                int otherArg = localArg[other];
                int mine = localArg[lid];
                if (otherArg >= 0 && (mine < 0 || localMax[other] > localMax[lid] || (localMax[other] == localMax[lid] && otherArg < mine))) {
                    localMax[lid] = localMax[other];
                    localArg[lid] = otherArg;
                }
                int otherBad = localBad[other];
                if (otherBad >= 0 && (localBad[lid] < 0 || otherBad < localBad[lid])) localBad[lid] = otherBad;
            }
            localBarrier();
        }
    }

    /** Whether {@code x} is NaN or +infinity: a value no verifier may consume (spelled out so that NaN counts). */
    static boolean bad(float x) {
        return x != x || x > FLOAT_MAX;
    }
}
