package uk.nhs.impactmonitor.simulator.scenario;

import java.time.LocalDate;
import java.util.Map;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;

/**
 * A collective-action scenario to rehearse: how many practices take which action when, where, with what
 * effect on their daily activity, and how reliably practices report. Loaded and validated by
 * {@link ScenarioLoader}; every random draw of a simulation derives from {@link #seed}.
 *
 * @param name          short name, e.g. {@code expected}
 * @param description   what the scenario assumes (default empty)
 * @param seed          the seed of every random draw: same seed, same simulation
 * @param startDate     the monitoring start: first day of the action period (default 2024-08-01, when the
 *                      BMA's collective action began)
 * @param baselineWeeks weeks of ordinary activity before {@code startDate} (default 4: the 28-day baseline of
 *                      {@code indicators.md})
 * @param actionDays    length of the action period in days, from {@code startDate}
 * @param seasonality   whether activity follows the year's usual shape, quiet in August, busy in the autumn
 *                      (default true); false keeps every month at the annual mean
 * @param reporting     how reliably practices report
 * @param notices       how often notices are later corrected or withdrawn
 * @param actions       the actions practices take, by action id (actions not listed are not taken)
 */
public record Scenario(
        String name,
        String description,
        long seed,
        LocalDate startDate,
        int baselineWeeks,
        int actionDays,
        boolean seasonality,
        Reporting reporting,
        NoticeRates notices,
        Map<CollectiveAction, ActionScenario> actions) {

    public static final LocalDate DEFAULT_START_DATE = LocalDate.of(2024, 8, 1);
    public static final int DEFAULT_BASELINE_WEEKS = 4;

    public Scenario {
        actions = Map.copyOf(actions);
    }

    /** First simulated day: the start of the baseline weeks. */
    public LocalDate baselineStart() {
        return startDate.minusWeeks(baselineWeeks);
    }

    /** Last day of the action period. */
    public LocalDate endDate() {
        return startDate.plusDays(actionDays - 1L);
    }

    /** The same scenario with another seed (e.g. {@code --seed=} on the command line). */
    public Scenario withSeed(long newSeed) {
        return new Scenario(name, description, newSeed, startDate, baselineWeeks, actionDays, seasonality, reporting, notices,
                actions);
    }
}
