package uk.nhs.impactmonitor.alerts.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The calendar of indicators.md, as alerts-service needs it: which days are working days, since
 * {@code reporting_completeness} exists on working days only (a weekend neither counts towards a rule's {@code for}
 * nor breaks it, and stands on the completeness of the working day before it). The same key as impact-streams, so
 * one setting serves the whole monitor.
 *
 * @param bankHolidays a GOV.UK {@code bank-holidays.json} file (division {@code england-and-wales}); default none:
 *                     the England and Wales bank holidays of 2023-2027 built in. A malformed file stops the start,
 *                     naming its line.
 */
@ConfigurationProperties("monitor.calendar")
public record CalendarProperties(String bankHolidays) {
}
