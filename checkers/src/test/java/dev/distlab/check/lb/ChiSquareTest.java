package dev.distlab.check.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The p-values against the textbook critical values and closed forms. */
class ChiSquareTest {

    @Test
    void shouldMatchTheCriticalValuesOfTheTables() {
        assertThat(ChiSquare.pValue(3.841, 1)).isCloseTo(0.05, within(1e-4));
        assertThat(ChiSquare.pValue(5.991, 2)).isCloseTo(0.05, within(1e-4));
        assertThat(ChiSquare.pValue(16.266, 3)).isCloseTo(0.001, within(1e-5));
        assertThat(ChiSquare.pValue(29.588, 10)).isCloseTo(0.001, within(1e-5));
        assertThat(ChiSquare.pValue(0.103, 2)).isCloseTo(0.95, within(1e-3));
    }

    @Test
    void shouldMatchTheClosedFormForTwoDegreesOfFreedom() {
        for (double x : new double[] {0.01, 0.5, 2, 7, 40, 300}) {
            assertThat(ChiSquare.pValue(x, 2)).isCloseTo(Math.exp(-x / 2), within(1e-12));
        }
    }

    @Test
    void shouldGiveOneForAPerfectFitAndTheStatisticOfTheCounts() {
        assertThat(ChiSquare.pValue(0, 4)).isEqualTo(1.0);
        assertThat(ChiSquare.statistic(new long[] {150, 100, 50}, new double[] {100, 100, 100})).isEqualTo(50.0);
        assertThat(ChiSquare.logGamma(5)).isCloseTo(Math.log(24), within(1e-12));
        assertThat(ChiSquare.logGamma(0.5)).isCloseTo(Math.log(Math.sqrt(Math.PI)), within(1e-12));
    }
}
