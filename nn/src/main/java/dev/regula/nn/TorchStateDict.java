package dev.regula.nn;

import dev.regula.core.DType;
import dev.regula.core.InputFiles;
import dev.regula.core.Matrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A PyTorch MLP's {@code state_dict()}, saved as safetensors (conformance's
 * {@code regula_torch.save_state_dict}, or {@code safetensors.torch.save_file}), as a Regula
 * model: weights that travel from PyTorch to Regula. (The other way, a Regula checkpoint into
 * torch, is {@code regula_torch.load_regula}.)
 *
 * <p>The torch module is
 * {@code nn.Sequential(Linear(s0, s1), ReLU(), Linear(s1, s2), ReLU(), …, Linear(s(L-1), sL))}.
 * Its state dict names the k-th Linear's tensors by the Linear's index 2k in the Sequential
 * (the ReLUs hold none): {@code "2k.weight"} of shape (s(k+1), sk) and {@code "2k.bias"} of shape
 * (s(k+1)). Each Linear becomes a {@link Dense}(sk → s(k+1)):
 * <pre>
 * torch:   y = x·Wᵀ + b     W: (nOut, nIn)
 * Regula:  Z = X·K + b      K: (nIn, nOut)      so  K = Wᵀ,  bias (1, nOut) = b
 * </pre>
 * with a {@link ReLU} between consecutive Dense layers and nothing after the last: the model
 * outputs logits, as the torch module does. Its dtype is the tensors' (all F32 or all F64).
 */
public final class TorchStateDict {
    private TorchStateDict() {}

    /**
     * Reads a state dict file and builds the MLP whose layer sizes are {@code sizes}.
     *
     * @param path a safetensors file of the state dict
     * @param sizes the layer sizes s0 (inputs), s1, …, sL (outputs); at least two, each positive
     * @return the model, in inference use (not compiled)
     * @throws java.nio.file.NoSuchFileException when the file does not exist
     * @throws IOException when it is not a regular file or cannot be read
     * @throws IllegalArgumentException naming the file and the tensor when the file does not hold
     *     exactly the tensors of that architecture, with those shapes, one dtype and finite values
     */
    public static Sequential mlp(Path path, int... sizes) throws IOException {
        String source = path.toString();
        if (!Files.exists(path)) {
            throw new java.nio.file.NoSuchFileException(source, null, "no such state dict file");
        }
        if (InputFiles.notRegular(path, "a state dict file") != null) {     // a directory, a FIFO, a device
            throw new java.nio.file.FileSystemException(source, null, "expected a state dict file (a regular file), found "
                    + (Files.isDirectory(path) ? "a directory" : "a special file (a FIFO, socket or device)"));
        }
        long size = Files.size(path);
        if (size > InputFiles.maxBytes()) {
            throw new IllegalArgumentException(source + ": expected a state dict of at most " + InputFiles.human(
                    InputFiles.maxBytes()) + " (the limit, -D" + InputFiles.MAX_BYTES_PROPERTY + "), found a file of "
                    + InputFiles.human(size));
        }
        return mlp(SafeTensors.decode(Files.readAllBytes(path), source), source, sizes);
    }

    /** {@link #mlp(Path, int...)} on a decoded file; {@code source} names it in messages. */
    static Sequential mlp(SafeTensors.Contents contents, String source, int... sizes) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("Invalid value for sizes: expected at least two layer sizes (inputs and"
                    + " outputs), received " + sizes.length);
        }
        for (int s : sizes) {
            if (s <= 0) {
                throw new IllegalArgumentException("Invalid value for sizes: expected positive layer sizes, received " + s);
            }
        }
        Map<String, Matrix> tensors = contents.tensors();
        Set<String> unused = new LinkedHashSet<>(tensors.keySet());
        DType dtype = null;
        List<Layer> layers = new ArrayList<>();
        List<Matrix[]> weights = new ArrayList<>();     // per Dense: {weight (nOut, nIn), bias (1, nOut)}
        for (int k = 0; k + 1 < sizes.length; k++) {
            int nIn = sizes[k];
            int nOut = sizes[k + 1];
            Matrix[] wb = new Matrix[2];
            String[] names = {2 * k + ".weight", 2 * k + ".bias"};
            int[][] shapes = {{nOut, nIn}, {1, nOut}};
            for (int t = 0; t < 2; t++) {
                Matrix m = tensors.get(names[t]);
                if (m == null) {
                    throw new IllegalArgumentException(source + ": expected tensor " + names[t] + " (Linear(" + nIn + ", "
                            + nOut + ") at index " + 2 * k + " of an nn.Sequential of Linear and ReLU), found only "
                            + tensors.keySet());
                }
                if (m.rows() != shapes[t][0] || m.cols() != shapes[t][1]) {
                    throw new IllegalArgumentException(source + ": expected tensor " + names[t] + " of shape "
                            + (t == 0 ? nOut + "×" + nIn : "(" + nOut + ")") + " for Linear(" + nIn + ", " + nOut
                            + "), found " + m.shape());
                }
                if (dtype != null && m.dtype() != dtype) {
                    throw new IllegalArgumentException(source + ": expected every tensor in " + dtype + " (as 0.weight),"
                            + " found " + names[t] + " in " + m.dtype());
                }
                dtype = m.dtype();
                requireFinite(m, names[t], source);
                wb[t] = m;
                unused.remove(names[t]);
            }
            weights.add(wb);
            layers.add(new Dense(nIn, nOut));
            if (k + 2 < sizes.length) {
                layers.add(new ReLU());
            }
        }
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException(source + ": found tensors that a " + sizes.length + "-size MLP does not"
                    + " use: " + unused + " (is the architecture missing a layer?)");
        }
        Sequential model = new Sequential(dtype, 0, layers.toArray(new Layer[0]));
        int d = 0;
        for (Layer layer : model.layers()) {
            if (layer instanceof Dense) {
                Matrix weight = weights.get(d)[0];                  // (nOut, nIn)
                Matrix kernel = ((Dense) layer).kernel().value();   // (nIn, nOut) = weightᵀ
                for (int i = 0; i < kernel.rows(); i++) {
                    for (int j = 0; j < kernel.cols(); j++) {
                        kernel.set(i, j, weight.get(j, i));
                    }
                }
                ((Dense) layer).bias().value().copyFrom(weights.get(d)[1]);   // (1, nOut)
                d++;
            }
        }
        return model;
    }

    private static void requireFinite(Matrix m, String name, String source) {
        for (int i = 0; i < m.size(); i++) {
            if (!Double.isFinite(m.get(i))) {
                throw new IllegalArgumentException(source + ": expected finite numbers in tensor " + name + ", found "
                        + m.get(i) + " at element " + i);
            }
        }
    }
}
