package dev.regula.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The one switch between the fast F32 kernels and the readable loops, {@code regula.kernels}. */
class KernelsTest {
    @Test
    void thePropertyChoosesFastByDefaultAndReadableOnRequest() {
        assertTrue(Kernels.parse(null), "unset: the kernels run");
        assertTrue(Kernels.parse("fast"));
        assertFalse(Kernels.parse("readable"));
        assertFalse(Kernels.parse(" Readable "), "case and surrounding blanks do not matter");
    }

    @Test
    void anyOtherValueIsRefusedWithTheNameAndTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kernels.parse("scalar"));
        assertEquals("Invalid value for regula.kernels: expected fast or readable, received: scalar", e.getMessage());
    }

    @Test
    void theKernelsRunOnlyWithTheVectorModule() {
        if (!Kernels.vectorModulePresent()) {
            assertFalse(Kernels.fastF32(), "no module, no kernels");
        }
        assertEquals(Kernels.vectorModulePresent() && Kernels.parse(System.getProperty(Kernels.PROPERTY)),
                Kernels.fastF32());
    }
}
