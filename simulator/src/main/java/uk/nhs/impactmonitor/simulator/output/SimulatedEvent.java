package uk.nhs.impactmonitor.simulator.output;

import java.time.LocalDate;
import uk.nhs.impactmonitor.domain.activity.DailyReport;
import uk.nhs.impactmonitor.domain.notice.NoticeEvent;

/**
 * One thing a practice sends, and the day it arrives (for a late report, days after its activity day; for
 * a correction, after the first report). A simulation is a list of these in arrival order.
 */
public sealed interface SimulatedEvent permits SimulatedEvent.Notice, SimulatedEvent.Report {

    LocalDate arrivalDay();

    /** A notice declared, corrected or withdrawn. */
    record Notice(LocalDate arrivalDay, NoticeEvent event) implements SimulatedEvent {
    }

    /** A daily report; {@code correction} when it replaces an earlier report of the same practice and day. */
    record Report(LocalDate arrivalDay, DailyReport report, boolean correction) implements SimulatedEvent {
    }
}
