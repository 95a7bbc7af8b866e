package uk.nhs.impactmonitor.simulator.scenario;

/**
 * Closed days: Saturdays, and Sundays with England's bank holidays (the day type Sunday of indicators.md).
 * Most practices are shut and send nothing for such a day; the few that open (extended-access clinics) report
 * a small day. On a closed day a practice opens with probability {@code ...Reporting}, and then sees
 * {@code ...Activity} of an ordinary working day's activity. National activity on the day is the product.
 *
 * <p>Defaults from NHS England's Appointments in General Practice, June to September 2024
 * ({@code ../shared/data/gpad-daily-sds-role-2024-06-to-2024-10.csv}): a Saturday has a median 3.2% of the same
 * week's weekday appointments (2.7-3.4% outside the autumn vaccination Saturdays), a Sunday 0.29% and the bank
 * holiday Monday 26 August 2024 0.28%. A fifth of practices reporting a Saturday (about one per primary care
 * network, whose hub runs the Saturday clinic: 1,298 PCNs for 6,202 practices) at 16% of a weekday gives
 * 0.20 × 0.16 = 3.2%; 2% reporting a Sunday or bank holiday at 14% of a weekday gives 0.02 × 0.14 = 0.28%.
 *
 * @param saturdayReporting share of practices open on a Saturday (default 0.20)
 * @param saturdayActivity  their activity as a share of a working day's (default 0.16)
 * @param sundayReporting   share of practices open on a Sunday or bank holiday (default 0.02)
 * @param sundayActivity    their activity as a share of a working day's (default 0.14)
 */
public record ClosedDays(double saturdayReporting, double saturdayActivity, double sundayReporting, double sundayActivity) {

    public static final ClosedDays DEFAULT = new ClosedDays(0.20, 0.16, 0.02, 0.14);
}
