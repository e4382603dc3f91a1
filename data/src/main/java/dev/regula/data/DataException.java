package dev.regula.data;

/**
 * A problem with the user's data: a missing or malformed file, a label out of range, a download
 * that failed or did not match its checksum.
 *
 * <p>The message is one line that names the file or argument, what was expected and what was
 * found, for example {@code "train-images-idx3-ubyte: expected magic number 2051 (IDX images),
 * found 2049 (IDX labels; were the image and label files swapped?)"}. The command line prints only
 * this message and exits with a non-zero status, so it must be enough on its own to fix the
 * problem.
 */
public class DataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A data problem.
     *
     * @param message one line: the file or argument, what was expected, what was found
     */
    public DataException(String message) {
        super(message);
    }

    /**
     * A data problem caused by another exception (an {@link java.io.IOException}, say).
     *
     * @param message one line: the file or argument, what was expected, what was found
     * @param cause the underlying exception, kept for debugging
     */
    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
