package uk.nhs.impactmonitor.alerts.rule;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * EARS C2 (CDC Early Aberration Reporting System): the day's value against the mean and standard deviation
 * of a baseline that ends a guard band before it, so that the start of an outbreak does not hide in its own
 * baseline. {@code C2 = (x - mean) / max(sd, minSigma)}; the minimum sigma keeps a flat baseline from turning
 * a trivial move into an alarm.
 *
 * @param baselineDays   days in the baseline (default 7)
 * @param guardDays      days between the baseline and the day judged (default 2)
 * @param warningSigmas  C2 at or beyond which the day is a WARNING breach (default 3)
 * @param criticalSigmas C2 at or beyond which it is CRITICAL (default none: EARS alerts are WARNINGs)
 * @param clearSigmas    C2 strictly under which a firing alert resolves (default 2: hysteresis)
 * @param minSigma       the least standard deviation used, in the indicator's unit (default 0.01)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EarsC2Settings(Integer baselineDays, Integer guardDays, Double warningSigmas, Double criticalSigmas,
                             Double clearSigmas, Double minSigma) {

    public EarsC2Settings {
        baselineDays = baselineDays == null ? 7 : baselineDays;
        guardDays = guardDays == null ? 2 : guardDays;
        warningSigmas = warningSigmas == null ? 3.0 : warningSigmas;
        clearSigmas = clearSigmas == null ? Math.min(2.0, warningSigmas) : clearSigmas;
        minSigma = minSigma == null ? 0.01 : minSigma;
    }

    public static EarsC2Settings defaults() {
        return new EarsC2Settings(null, null, null, null, null, null);
    }
}
