package dev.regula.core;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before any data is read, that a command will be able to write its outputs: a
 * {@code --out} directory and a {@code --save} file ({@link InputFiles} checks its inputs). Each
 * problem is an {@link IllegalArgumentException} (the command line's exit code 2) naming the flag,
 * the path, what was expected and what was found, instead of a failure after an epoch of training.
 */
public final class OutputPaths {
    private OutputPaths() {}

    /**
     * Creates {@code dir} if needed and checks that a file can be created in it.
     *
     * @param flag the option that named it, e.g. "--out", for the message
     * @param dir the directory
     * @throws IllegalArgumentException when it is a file, cannot be created or cannot be written in
     */
    public static void requireWritableDirectory(String flag, Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("Invalid value for " + flag + ": expected a directory, found a file: " + dir);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("Invalid value for " + flag + ": cannot create the directory " + dir
                    + " (" + reason(e) + ")");
        }
        probe(flag, dir, dir);
    }

    /**
     * Checks that {@code file} (with {@code {epoch}} standing for any epoch) can be written: it is
     * not a directory, and its directory exists or can be created and is writable.
     *
     * @param flag the option that named it, e.g. "--save", for the message
     * @param file the file
     * @throws IllegalArgumentException when it is a directory or a special file, or its directory
     *         is a file, cannot be created or cannot be written in
     */
    public static void requireWritableFile(String flag, Path file) {
        Path example = Path.of(file.toString().replace("{epoch}", "1")).toAbsolutePath();
        if (Files.isDirectory(example)) {
            throw new IllegalArgumentException("Invalid value for " + flag + ": expected a file name, found a directory: "
                    + file);
        }
        if (Files.exists(example) && !Files.isRegularFile(example)) {
            throw new IllegalArgumentException("Invalid value for " + flag + ": expected a regular file, found a special"
                    + " file: " + file);
        }
        Path dir = example.getParent();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("Invalid value for " + flag + ": expected " + dir
                    + " to be a directory, found a file (" + file + ")");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("Invalid value for " + flag + ": cannot create the directory " + dir
                    + " for " + file + " (" + reason(e) + ")");
        }
        probe(flag, dir, file);
    }

    /** Creates and deletes a file in {@code dir}: the only sure test of write permission. */
    private static void probe(String flag, Path dir, Path named) {
        try {
            Path probe = Files.createTempFile(dir, ".regula-write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new IllegalArgumentException("Invalid value for " + flag + ": cannot write in " + dir
                    + (named.equals(dir) ? "" : " (for " + named + ")") + " (" + reason(e) + ")");
        }
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "a file of that name is in the way: " + ((FileSystemException) e).getFile();
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason();
        }
        return String.valueOf(e.getMessage());
    }
}
