package uk.nhs.impactmonitor.alerts.lifecycle;

import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.activity.Metric;
import uk.nhs.impactmonitor.domain.indicator.Indicator;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;

/** One indicator series: an indicator's value per activity day for one area and its labels. */
public record SeriesKey(String area, Indicator indicator, CollectiveAction action, Metric metric) {

    public static SeriesKey of(IndicatorValue value) {
        return new SeriesKey(value.area(), value.indicator(), value.action(), value.metric());
    }
}
