package uk.nhs.impactmonitor.simulator.activity;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Random streams keyed by (seed, practice, day, purpose). Every draw of a simulation comes from a stream
 * of its own key, never from a shared generator, so a practice's numbers do not depend on the order
 * practices are visited, on how many days are generated in one go, or on which other draws a scenario
 * makes: a live day is exactly the day a one-shot backfill would have produced.
 */
final class Draws {

    /** What a stream is for; the ordinal is part of the key, so only append to this list. */
    enum Purpose {
        PRACTICE_PROFILE,
        REPORTING_FATE,
        DAILY_LEVEL,
        CONTACTS,
        SESSIONS,
        DIVERSIONS,
        AG_REQUESTS,
        REFERRALS,
        ONLINE_REQUESTS,
        PARTICIPATION,
        OPENING
    }

    private Draws() {
    }

    static SplittableRandom random(long seed, String practiceCode, long day, Purpose purpose, int variant) {
        long key = mix(seed ^ 0x6A09E667F3BCC908L);
        key = mix(key ^ hash(practiceCode));
        key = mix(key ^ day);
        key = mix(key ^ ((long) purpose.ordinal() << 32 | (variant & 0xFFFFFFFFL)));
        return new SplittableRandom(key);
    }

    static SplittableRandom random(long seed, String practiceCode, long day, Purpose purpose) {
        return random(seed, practiceCode, day, purpose, 0);
    }

    /** FNV-1a over UTF-8: the same on every JVM, unlike String.hashCode mixing would need to guarantee. */
    private static long hash(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** The finaliser of SplitMix64: spreads nearby keys (consecutive days) over the whole range. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * A standard normal draw by Box-Muller on {@link StrictMath}: the same bits on every JVM and CPU, which
     * {@code nextGaussian} and {@code Math.exp} (intrinsics may differ in the last place) do not promise. A
     * difference in the last place can flip a rounded count, and same seed must mean same output anywhere.
     */
    static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble(); // (0, 1]: the logarithm stays finite
        double v = random.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * StrictMath.PI * v);
    }

    /** A Poisson count with the given mean: exact (Knuth) for small means, normal approximation for large. */
    static int poisson(SplittableRandom random, double mean) {
        if (!(mean > 0)) {
            return 0;
        }
        if (mean < 30) {
            double limit = StrictMath.exp(-mean);
            double product = random.nextDouble();
            int count = 0;
            while (product > limit) {
                count++;
                product *= random.nextDouble();
            }
            return count;
        }
        return (int) Math.max(0, Math.round(mean + StrictMath.sqrt(mean) * gaussian(random)));
    }

    /** How many of {@code trials} succeed with probability {@code p} each: exact for small counts, normal above. */
    static int binomial(SplittableRandom random, int trials, double p) {
        if (trials <= 0 || p <= 0) {
            return 0;
        }
        if (p >= 1) {
            return trials;
        }
        if (trials <= 500) {
            int successes = 0;
            for (int i = 0; i < trials; i++) {
                successes += random.nextDouble() < p ? 1 : 0;
            }
            return successes;
        }
        double mean = trials * p;
        long draw = Math.round(mean + StrictMath.sqrt(mean * (1 - p)) * gaussian(random));
        return (int) Math.max(0, Math.min(trials, draw));
    }

    /** A log-normal factor with mean 1, for persistent differences between practices or days. */
    static double factor(SplittableRandom random, double sigma) {
        return StrictMath.exp(sigma * gaussian(random) - sigma * sigma / 2);
    }
}
