package uk.nhs.impactmonitor.streams.appointments;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import uk.nhs.impactmonitor.domain.appointments.SubIcbAppointments;
import uk.nhs.impactmonitor.domain.calendar.ActivityCalendar;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;
import uk.nhs.impactmonitor.streams.config.ImpactSettings;
import uk.nhs.impactmonitor.streams.model.IndicatorOutput;
import uk.nhs.impactmonitor.streams.model.ModelOutput;
import uk.nhs.impactmonitor.streams.model.StoreNames;

/**
 * The appointments feed's processor. It shares the national model's task (one partition) so that its values go
 * into the same queryable {@code indicator-values} store as every other indicator. A record only updates the
 * sub-ICB-day store and marks the days it affects; a wall-clock punctuation recomputes those days, writes each
 * area's daily totals, and writes and forwards only the values that changed (a month of England is ~3,000
 * records, each dirtying seven days). The store is the source of truth: the model is rebuilt from it on start.
 */
public final class AppointmentsProcessor implements Processor<String, SubIcbAppointments, String, ModelOutput> {

    private final ImpactSettings settings;
    private final PracticeDirectory directory;
    private final ActivityCalendar calendar;
    private final TreeSet<LocalDate> pending = new TreeSet<>();

    private KeyValueStore<String, SubIcbAppointments> subIcbDays;
    private KeyValueStore<String, AreaAppointments> totals;
    private IndicatorOutput output;
    private KeyValueStore<String, String> horizon;
    private AppointmentsModel model;

    public AppointmentsProcessor(ImpactSettings settings, PracticeDirectory directory, ActivityCalendar calendar) {
        this.settings = settings;
        this.directory = directory;
        this.calendar = calendar;
    }

    @Override
    public void init(ProcessorContext<String, ModelOutput> context) {
        subIcbDays = context.getStateStore(StoreNames.SUB_ICB_APPOINTMENTS);
        totals = context.getStateStore(StoreNames.AREA_APPOINTMENT_TOTALS);
        output = IndicatorOutput.of(context);
        horizon = context.getStateStore(StoreNames.MODEL_HORIZON);
        model = new AppointmentsModel(directory, calendar, settings.baselineFrom(), settings.baselineTo());
        try (KeyValueIterator<String, SubIcbAppointments> it = subIcbDays.all()) {
            it.forEachRemaining(entry -> model.put(entry.value));
        }
        // after a restart (or a new directory or baseline) every day is recomputed once; unchanged values are not re-sent
        pending.addAll(model.days());
        output.schedule(settings, this::emit);
    }

    @Override
    public void process(Record<String, SubIcbAppointments> record) {
        SubIcbAppointments counts = record.value();
        if (counts == null) {
            return; // a tombstone: the feed has no deletions
        }
        // the value's own key: a sub-ICB-day sent again replaces the earlier counts, whatever the record key said
        subIcbDays.put(counts.key(), counts);
        pending.addAll(model.put(counts));
        LocalDate latest = model.horizon();
        if (latest != null && !latest.toString().equals(horizon.get(StoreNames.APPOINTMENTS_HORIZON))) {
            horizon.put(StoreNames.APPOINTMENTS_HORIZON, latest.toString());
        }
    }

    private void emit(long wallClockMs) {
        if (pending.isEmpty()) {
            return;
        }
        Instant now = Instant.ofEpochMilli(wallClockMs);
        LocalDate last = model.horizon();
        for (LocalDate day : pending) {
            if (last == null || day.isAfter(last)) {
                continue; // absent after H_a: nothing is written for those days
            }
            for (String area : model.areaCodes()) {
                totals.put(AreaAppointments.key(area, day), model.totals(area, day));
                for (IndicatorValue value : model.compute(area, day, now)) {
                    output.write(value, wallClockMs);
                }
            }
        }
        pending.clear();
    }

    /** The days still to recompute (tests). */
    List<LocalDate> pendingDays() {
        return List.copyOf(pending);
    }
}
