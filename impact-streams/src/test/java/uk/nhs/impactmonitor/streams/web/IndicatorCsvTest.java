package uk.nhs.impactmonitor.streams.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.activity.Metric;
import uk.nhs.impactmonitor.domain.indicator.Indicator;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;

class IndicatorCsvTest {

    private static final Instant AT = Instant.parse("2024-08-02T06:00:00Z");

    @Test
    void shouldWriteOneRowPerValueWithNumbersAsNumbersWhenASeriesIsAskedForAsCsv() {
        // given
        List<IndicatorValue> values = List.of(
                new IndicatorValue(1, Indicator.ATTRIBUTABLE_CHANGE, CollectiveAction.STOP_ADVICE_AND_GUIDANCE, Metric.AG_REQUESTS, "QKK",
                        LocalDate.parse("2024-08-01"), -0.05, 12, 340, AT),
                new IndicatorValue(1, Indicator.AG_DROPOFF, null, null, "QKK", LocalDate.parse("2024-08-02"), null, 0, 0, AT));

        // when
        String csv = IndicatorCsv.write(values);

        // then
        assertThat(csv).isEqualTo("indicator,action,metric,area,day,value,practices,practiceDays,updatedAt\r\n"
                + "attributable_change,STOP_ADVICE_AND_GUIDANCE,ag_requests,QKK,2024-08-01,-0.05,12,340,2024-08-02T06:00:00Z\r\n"
                + "ag_dropoff,,,QKK,2024-08-02,,0,0,2024-08-02T06:00:00Z\r\n");
    }

    @Test
    void shouldDefuseTextCellsWhenTheyWouldReadAsFormulas() {
        // when / then
        assertThat(IndicatorCsv.text("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(IndicatorCsv.text("+1")).isEqualTo("'+1");
        assertThat(IndicatorCsv.text("-1+2")).isEqualTo("'-1+2");
        assertThat(IndicatorCsv.text("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(IndicatorCsv.text("a,b")).isEqualTo("\"a,b\"");
        assertThat(IndicatorCsv.text("QKK")).isEqualTo("QKK");
    }
}
