package uk.nhs.impactmonitor.domain.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class CsvTableTest {

    @Test
    void shouldReadQuotedFieldsAndTrackLines() throws Exception {
        CsvTable table = CsvTable.read(new StringReader("a,B\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\"multi\nline\",2\r\n3,4"));
        assertThat(table.rows()).hasSize(3);
        assertThat(table.rows().get(0).get("A")).contains("x, y");
        assertThat(table.rows().get(0).get("b")).contains("say \"hi\"");
        assertThat(table.rows().get(1).line()).isEqualTo(3);
        assertThat(table.rows().get(1).get("a")).contains("multi\nline");
        assertThat(table.rows().get(2).line()).isEqualTo(5);
        assertThat(table.rows().get(2).get("missing")).isEmpty();
    }

    @Test
    void shouldRefuseAnEmptyFile() {
        assertThatThrownBy(() -> CsvTable.read(new StringReader(""))).isInstanceOf(IOException.class);
    }

    @Test
    void shouldIgnoreAByteOrderMarkInTheHeader() throws Exception {
        CsvTable table = CsvTable.read(new StringReader("\uFEFFCODE,N\nA,1\n"));
        assertThat(table.rows().get(0).get("CODE")).contains("A");
    }
}
