package uk.nhs.impactmonitor.simulator.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.simulator.activity.Draws.Purpose;

class DrawsTest {

    @Test
    void shouldGiveTheSameStreamWhenTheKeyIsTheSame() {
        // given
        SplittableRandom first = Draws.random(42, "Z00001", 19_935, Purpose.CONTACTS);
        SplittableRandom second = Draws.random(42, "Z00001", 19_935, Purpose.CONTACTS);

        // then
        for (int i = 0; i < 10; i++) {
            assertThat(second.nextLong()).isEqualTo(first.nextLong());
        }
    }

    @Test
    void shouldGiveAnotherStreamWhenAnyPartOfTheKeyDiffers() {
        long base = Draws.random(42, "Z00001", 19_935, Purpose.CONTACTS).nextLong();
        assertThat(Draws.random(43, "Z00001", 19_935, Purpose.CONTACTS).nextLong()).isNotEqualTo(base);
        assertThat(Draws.random(42, "Z00002", 19_935, Purpose.CONTACTS).nextLong()).isNotEqualTo(base);
        assertThat(Draws.random(42, "Z00001", 19_936, Purpose.CONTACTS).nextLong()).isNotEqualTo(base);
        assertThat(Draws.random(42, "Z00001", 19_935, Purpose.SESSIONS).nextLong()).isNotEqualTo(base);
        assertThat(Draws.random(42, "Z00001", 19_935, Purpose.CONTACTS, 1).nextLong()).isNotEqualTo(base);
    }

    @Test
    void shouldMatchTheMeanAndSpreadWhenDrawingManyCounts() {
        // given
        SplittableRandom random = new SplittableRandom(1);
        int n = 200_000;
        double small = 0;
        double large = 0;
        double gaussian = 0;
        double gaussianSquares = 0;

        // when
        for (int i = 0; i < n; i++) {
            small += Draws.poisson(random, 3.2);
            large += Draws.poisson(random, 222);
            double z = Draws.gaussian(random);
            gaussian += z;
            gaussianSquares += z * z;
        }

        // then: Poisson means 3.2 and 222; standard normal mean 0 and variance 1
        assertThat(small / n).isCloseTo(3.2, within(0.02));
        assertThat(large / n).isCloseTo(222, within(0.2));
        assertThat(gaussian / n).isCloseTo(0, within(0.01));
        assertThat(gaussianSquares / n).isCloseTo(1, within(0.01));
    }

    @Test
    void shouldStayWithinTheTrialsWhenDrawingABinomial() {
        SplittableRandom random = new SplittableRandom(2);
        assertThat(Draws.binomial(random, 39, 1.0)).isEqualTo(39);
        assertThat(Draws.binomial(random, 39, 0.0)).isZero();
        assertThat(Draws.binomial(random, 0, 0.5)).isZero();
        for (int i = 0; i < 1000; i++) {
            assertThat(Draws.binomial(random, 800, 0.6)).isBetween(0, 800);
        }
        assertThat(Draws.poisson(random, 0)).isZero();
        assertThat(Draws.factor(new SplittableRandom(3), 0)).isEqualTo(1.0);
    }
}
