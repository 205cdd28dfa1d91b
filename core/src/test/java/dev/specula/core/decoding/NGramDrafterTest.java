package dev.specula.core.decoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.specula.core.DraftDistribution;
import dev.specula.core.SamplingSettings;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NGramDrafterTest {

    private static int[] propose(NGramDrafter drafter, int limit, int... context) {
        DraftProposal proposal = new DraftProposal(100, 16).reset(limit, SamplingSettings.DEFAULT, 0, 0, 0);
        drafter.propose(TokenSequence.of(context), proposal);
        assertEquals(DraftDistribution.oneHot(), proposal.distribution(), "lookup drafts are one-hot");
        int[] drafts = new int[proposal.count()];
        for (int i = 0; i < drafts.length; i++) drafts[i] = proposal.token(i);
        return drafts;
    }

    @Test
    void copiesWhatFollowedTheSuffixEarlierInTheContext() {
        // "the cat sat on the mat . the cat" -> "sat on the mat"
        int the = 1, cat = 2, sat = 3, on = 4, mat = 5, dot = 6;
        int[] context = {the, cat, sat, on, the, mat, dot, the, cat};
        assertArrayEquals(new int[] {sat, on, the, mat}, propose(new NGramDrafter(3, 1), 4, context));
        assertArrayEquals(new int[] {sat, on}, propose(new NGramDrafter(3, 1), 2, context), "no more than the limit");
        assertArrayEquals(new int[0], propose(new NGramDrafter(3, 1), 0, context));
    }

    @Test
    void prefersTheLongestSuffixThenTheMostRecentOccurrence() {
        // Suffix (7, 8): the 2-gram occurs once, followed by 50; the 1-gram 8 occurs later, followed by 60.
        int[] context = {7, 8, 50, 51, 8, 60, 61, 7, 8};
        assertArrayEquals(new int[] {50, 51, 8}, propose(new NGramDrafter(2, 1), 3, context));
        assertArrayEquals(new int[] {60, 61, 7}, propose(new NGramDrafter(1, 1), 3, context), "unigram: the most recent 8");
        // Two earlier occurrences of the same 2-gram: the most recent one wins.
        assertArrayEquals(new int[] {40}, propose(new NGramDrafter(2, 2), 1, 7, 8, 30, 7, 8, 40, 7, 8));
    }

    @Test
    void respectsTheShortestAllowedSuffix() {
        int[] context = {9, 8, 50, 3, 8};   // only the unigram 8 repeats
        assertArrayEquals(new int[] {50, 3}, propose(new NGramDrafter(3, 1), 2, context));
        assertArrayEquals(new int[0], propose(new NGramDrafter(3, 2), 2, context), "no 2-gram match: no drafts");
    }

    @Test
    void aRepeatingPatternContinuesIntoItsOwnDrafts() {
        // Period 2: the most recent earlier (1, 2) is at 2, followed only by the suffix itself.
        assertArrayEquals(new int[] {1, 2, 1, 2, 1, 2, 1}, propose(new NGramDrafter(2, 2), 7, 1, 2, 1, 2));
        // A run of one token.
        assertArrayEquals(new int[] {5, 5, 5, 5, 5}, propose(new NGramDrafter(3, 1), 5, 5, 5, 5));
    }

    @Test
    void findsNothingInAContextWithoutRepeats() {
        assertArrayEquals(new int[0], propose(new NGramDrafter(3, 1), 4, 1, 2, 3, 4, 5));
        assertArrayEquals(new int[0], propose(new NGramDrafter(3, 1), 4, 1), "a single token has nothing before it");
        assertEquals(-1, NGramDrafter.mostRecentMatch(TokenSequence.of(1, 2, 3), 1));
        assertEquals(0, NGramDrafter.mostRecentMatch(TokenSequence.of(1, 2, 1), 1));
        assertEquals(Arrays.toString(new int[] {4, 4}), Arrays.toString(propose(new NGramDrafter(4, 1), 2, 4, 4)));
    }
}
