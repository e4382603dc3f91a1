package dev.regula.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link Checks#printable}: what a one-line message quotes from a file stays on one line. */
class ChecksTest {

    @Test
    void printableEscapesEveryLineBreakAndControlCharacter() {
        assertEquals("a\\nb\\rc\\td\\u0000e\\u007ff\\u0085g\\u2028h\\u2029i",
                Checks.printable("a\nb\rc\td\u0000e\u007ff\u0085g\u2028h\u2029i"));
        assertEquals("pixel 7, é, ∂J/∂W", Checks.printable("pixel 7, é, ∂J/∂W"));
        assertEquals(1, Checks.printable("x\r\ny\u000bz").lines().count());
    }
}
