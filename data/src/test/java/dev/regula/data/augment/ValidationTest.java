package dev.regula.data.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every bad parameter is refused with a message naming it, the expectation and the value. */
class ValidationTest {

    static String message(Executable e) {
        return assertThrows(IllegalArgumentException.class, e).getMessage();
    }

    @Test
    void rangesAndProbabilities() {
        assertEquals("Invalid value for Rotation.maxDegrees: expected a finite number in [0, 180], received: -5.0",
                message(() -> new Rotation(-5)));
        assertEquals("Invalid value for Rotation.maxDegrees: expected a finite number in [0, 180], received: 200.0",
                message(() -> new Rotation(200)));
        assertEquals("Invalid value for HorizontalFlip.probability: expected a finite number in [0, 1], received: 1.5",
                message(() -> new HorizontalFlip(1.5)));
        assertEquals("Invalid value for VerticalFlip.probability: expected a finite number in [0, 1], received: NaN",
                message(() -> new VerticalFlip(Double.NaN)));
        assertEquals("Invalid value for Shift.maxX (fraction of the width): expected a finite number in [0, 1],"
                + " received: 1.5", message(() -> Shift.fraction(1.5)));
        assertEquals("Invalid value for Shift.maxY (pixels): expected a finite number >= 0, received: -2.0",
                message(() -> Shift.pixels(1, -2)));
        assertEquals("Invalid value for Shear.maxDegrees: expected a number in [0, 90), received: 90.0",
                message(() -> new Shear(90)));
        assertEquals("Invalid value for RandomCrop.padding: expected an integer >= 0, received: -1",
                message(() -> new RandomCrop(-1)));
    }

    @Test
    void zoomMustBePositiveAndOrdered() {
        assertEquals("Invalid value for Zoom.lo: expected a finite number > 0, received: 0.0",
                message(() -> new Zoom(0, 1.1)));
        assertEquals("Invalid value for Zoom.lo: expected a finite number > 0, received: -0.9",
                message(() -> new Zoom(-0.9, 1.1)));
        assertEquals("Invalid range for Zoom: expected lo <= hi, received: lo=1.2, hi=0.8",
                message(() -> new Zoom(1.2, 0.8)));
    }

    @Test
    void pixelTransforms() {
        assertEquals("Invalid range for Brightness: expected lo <= hi, received: lo=1.5, hi=0.5",
                message(() -> new Brightness(1.5, 0.5)));
        assertEquals("Invalid value for Contrast.lo: expected a finite number >= 0, received: -1.0",
                message(() -> new Contrast(-1, 1)));
        assertEquals("Invalid value for GaussianPixelNoise.stddev: expected a finite number >= 0, received: -0.1",
                message(() -> new GaussianPixelNoise(-0.1)));
        assertEquals("Invalid value for RandomErasing.areaLo: expected a finite number in (0, 1], received: 0.0",
                message(() -> new RandomErasing(0.5, 0, 0.3, 0.3, 3.3, 0)));
        assertEquals("Invalid range for RandomErasing: expected ratioLo <= ratioHi, received: ratioLo=3.3, ratioHi=0.3",
                message(() -> new RandomErasing(0.5, 0.02, 0.3, 3.3, 0.3, 0)));
        assertEquals("Invalid value for RandomErasing.value: expected a finite number in [0, 1], received: 2.0",
                message(() -> new RandomErasing(0.5, 0.02, 0.3, 0.3, 3.3, 2)));
        assertEquals("Invalid value for ElasticDistortion.sigma: expected a finite number > 0, received: 0.0",
                message(() -> new ElasticDistortion(34, 0)));
        assertEquals("Invalid value for ElasticDistortion.alpha: expected a finite number >= 0, received: -1.0",
                message(() -> new ElasticDistortion(-1, 4)));
    }

    @Test
    void fillModesAndBuilder() {
        assertEquals("Invalid value for fillMode: expected one of constant, nearest, reflect, wrap, received: mirror",
                message(() -> FillMode.parse("mirror")));
        assertEquals(FillMode.REFLECT, FillMode.parse(" Reflect "));
        assertEquals("Invalid value for fillValue: expected a finite number in [0, 1], received: -0.5",
                message(() -> Augmentation.builder().fill(FillMode.CONSTANT, -0.5)));
        assertEquals("Invalid value for threads: expected an integer in [1, 64], received: 0",
                message(() -> Augmentation.builder().threads(0)));
    }

    @Test
    void batchesOfTheWrongWidthOrRange() {
        Augmentation square = Augmentation.caseStudy();
        assertEquals("Augmentation cannot infer the image size from 783 columns (not a square number of pixels);"
                + " give it with Augmentation.builder().imageSize(height, width)",
                message(() -> square.apply(Matrix.zeros(DType.F32, 2, 783), new Rng(1))));
        Augmentation sized = Augmentation.builder().imageSize(28, 28).rotation(10).build();
        assertEquals("Augmentation for 28×28 images expects 784 columns, received 785",
                message(() -> sized.apply(Matrix.zeros(DType.F32, 2, 785), new Rng(1))));
        Matrix x = Matrix.zeros(DType.F64, 128, 784);
        x.set(37, 100, 255);
        x.set(120, 5, -1);
        for (int threads = 1; threads <= 3; threads++) {
            Augmentation a = sized.withThreads(threads);
            assertTrue(message(() -> a.apply(x.copy(), new Rng(1))).contains("received 255.0 at row 37, column 100"),
                    "the first bad row, whichever thread meets it");
        }
        String m = message(() -> sized.apply(x, new Rng(1)));
        assertEquals("Augmentation expects pixel values in [0, 1] (value/255), received 255.0 at row 37, column 100;"
                + " apply featurewise standardization or whitening after augmenting (Builder.featurewise), not before", m);
    }
}
