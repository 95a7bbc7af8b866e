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
                new IndicatorValue(2, Indicator.ATTRIBUTABLE_CHANGE, CollectiveAction.STOP_ADVICE_AND_GUIDANCE, Metric.AG_REQUESTS, "QKK",
                        LocalDate.parse("2024-08-01"), -0.05, -0.125, 0.025, true, 12, 340, AT),
                new IndicatorValue(1, Indicator.AG_DROPOFF, null, null, "QKK", LocalDate.parse("2024-08-02"), null, null, null, false, 0, 0, AT));

        // when
        String csv = IndicatorCsv.write(values);

        // then
        // then the interval and the provisional flag have their own columns (empty where there is no interval)
        assertThat(csv).isEqualTo("indicator,action,metric,area,day,value,low,high,provisional,practices,practiceDays,updatedAt\r\n"
                + "attributable_change,STOP_ADVICE_AND_GUIDANCE,ag_requests,QKK,2024-08-01,-0.05,-0.125,0.025,true,12,340,2024-08-02T06:00:00Z\r\n"
                + "ag_dropoff,,,QKK,2024-08-02,,,,false,0,0,2024-08-02T06:00:00Z\r\n");
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

    @Test
    void shouldKeepEveryHostileCellInertAndInItsColumnWhenAreaCodesAreFormulasQuotesOrLineBreaks() throws Exception {
        // given: area codes as a hostile directory file could carry them (the area is the only free text in a row)
        List<String> hostile = List.of("=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3", "@IMPORTXML(\"http://x\")", "\t=1+1", "\r=1+1",
                "=HYPERLINK(\"http://evil\",\"click\")", "Q\"K,K", "QKK\n=1+1", "QKK\r\n@x", "\"=1\"", ",=1");
        List<IndicatorValue> values = hostile.stream()
                .map(area -> new IndicatorValue(1, Indicator.PARTICIPATION_RATE, CollectiveAction.STOP_ADVICE_AND_GUIDANCE, null, area,
                        LocalDate.parse("2024-08-01"), -0.25, null, null, false, 3, 3, AT))
                .toList();

        // when
        String csv = IndicatorCsv.write(values);

        // then: read back as a spreadsheet would, each row has exactly the twelve columns, the area cell is the
        // original text behind a leading quote when it began like a formula, and no cell begins with = + - @ tab or CR
        // (the value, a number, stays a number: -0.25)
        uk.nhs.impactmonitor.domain.csv.CsvTable table = uk.nhs.impactmonitor.domain.csv.CsvTable.read(new java.io.StringReader(csv));
        assertThat(table.header()).containsExactly(IndicatorCsv.HEADER.split(","));
        assertThat(table.rows()).hasSize(hostile.size());
        for (int i = 0; i < hostile.size(); i++) {
            List<String> cells = table.rows().get(i).fields();
            String area = hostile.get(i);
            assertThat(cells).as(area).hasSize(12);
            boolean formulaLike = "=+-@\t\r".indexOf(area.charAt(0)) >= 0;
            assertThat(cells.get(3)).as(area).isEqualTo(formulaLike ? "'" + area : area);
            assertThat(cells.get(5)).isEqualTo("-0.25");
            for (int c = 0; c < cells.size(); c++) {
                if (c != 5 && !cells.get(c).isEmpty()) {
                    assertThat("=+-@\t\r".indexOf(cells.get(c).charAt(0))).as(area + " column " + c + ": " + cells.get(c)).isNegative();
                }
            }
        }
    }
}
