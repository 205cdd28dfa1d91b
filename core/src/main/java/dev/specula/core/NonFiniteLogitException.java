package dev.specula.core;

/**
 * A row held a value that cannot form a distribution: NaN, +infinity, or no finite entry at all.
 * (-infinity is allowed in logits: it masks a token.)
 */
public final class NonFiniteLogitException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int sequence;
    private final int row;
    private final int token;

    public NonFiniteLogitException(String what, int sequence, int row, int token, float value) {
        super(what + " of sequence " + sequence + ", row " + row
                + (token >= 0 ? ", token " + token + " is " + value : " has no finite entry (every value is -infinity)"));
        this.sequence = sequence;
        this.row = row;
        this.token = token;
    }

    /** The sequence (batch slot) of the bad row. */
    public int sequence() {
        return sequence;
    }

    /** The row within the sequence. */
    public int row() {
        return row;
    }

    /** The offending token id, or -1 when the row has no finite entry at all. */
    public int token() {
        return token;
    }
}
