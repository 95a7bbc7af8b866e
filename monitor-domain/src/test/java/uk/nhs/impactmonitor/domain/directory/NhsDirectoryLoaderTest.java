package uk.nhs.impactmonitor.domain.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.domain.SharedData;

class NhsDirectoryLoaderTest {

    static PracticeDirectory real;

    @BeforeAll
    static void loadRealFiles() throws Exception {
        Optional<Path> practices = SharedData.dataFile(SharedData.PRACTICES_FILE);
        Optional<Path> sizes = SharedData.dataFile(SharedData.LIST_SIZES_FILE);
        if (practices.isEmpty() || sizes.isEmpty()) {
            System.out.println("SKIPPED: NHS England's reference files are not in ../shared/data beside "
                    + SharedData.repositoryRoot() + "; the real-directory tests need them.");
            return;
        }
        real = NhsDirectoryLoader.load(practices.get(), sizes.get());
    }

    @Test
    void shouldLoadThePublishedFilesWithTheirRealCounts() {
        assumeTrue(real != null, "NHS England's reference files are not in ../shared/data");
        assertThat(real.practices()).hasSize(6202);
        assertThat(real.areas().stream().filter(a -> a.kind() == AreaKind.ICB)).hasSize(42);
        assertThat(real.areas().stream().filter(a -> a.kind() == AreaKind.REGION)).hasSize(7);
        assertThat(real.practices().stream().map(Practice::pcnCode).distinct()).hasSize(1298);
        assertThat(real.practices().stream().map(Practice::subIcbCode).distinct()).hasSize(106);
    }

    @Test
    void shouldPlaceA81001InNorthEastAndNorthCumbria() {
        assumeTrue(real != null, "NHS England's reference files are not in ../shared/data");
        Practice densham = real.practice("A81001").orElseThrow();
        assertThat(densham.name()).isEqualTo("THE DENSHAM SURGERY");
        assertThat(densham.pcnCode()).isEqualTo("U89141");
        assertThat(densham.subIcbCode()).isEqualTo("16C");
        assertThat(densham.icbCode()).isEqualTo("QHM");
        assertThat(densham.regionCode()).isEqualTo("Y63");
        assertThat(densham.listSize()).isEqualTo(3753);
        assertThat(real.areasOf("A81001")).containsExactly("QHM", "Y63", "ENG");
        assertThat(real.area("QHM").orElseThrow().parent()).isEqualTo("Y63");
        assertThat(real.area("Y63").orElseThrow().name()).isEqualTo("North East and Yorkshire");
        assertThat(real.area("Y63").orElseThrow().parent()).isEqualTo("ENG");
    }

    @Test
    void shouldGiveThe32PracticesMissingFromTheTotalsTheirIcbMedian() {
        assumeTrue(real != null, "NHS England's reference files are not in ../shared/data");
        assertThat(real.loadReport().practicesGivenMedianListSize()).hasSize(32);
        assertThat(real.loadReport().skippedRows()).isEmpty();
        String missing = real.loadReport().practicesGivenMedianListSize().get(0);
        Practice practice = real.practice(missing).orElseThrow();
        int median = NhsDirectoryLoader.median(real.practicesIn(practice.icbCode()).stream()
                .filter(p -> !real.loadReport().practicesGivenMedianListSize().contains(p.code()))
                .map(Practice::listSize).toList());
        assertThat(practice.listSize()).isEqualTo(median);
    }

    @Test
    void shouldMatchThePublishedRegionSizesAndKeepTinyPractices() {
        assumeTrue(real != null, "NHS England's reference files are not in ../shared/data");
        Map<String, Long> perRegion = real.practices().stream().collect(Collectors.groupingBy(Practice::regionCode, Collectors.counting()));
        assertThat(perRegion).containsEntry("Y56", 1144L).containsEntry("Y58", 524L).containsEntry("Y59", 779L)
                .containsEntry("Y60", 1246L).containsEntry("Y61", 636L).containsEntry("Y62", 940L).containsEntry("Y63", 933L);
        assertThat(real.practicesIn("ENG")).hasSize(6202);
        assertThat(real.practices().stream().filter(p -> p.listSize() < 100)
                .filter(p -> !real.loadReport().practicesGivenMedianListSize().contains(p.code()))).hasSize(18);
    }

    @Test
    void shouldReportAMalformedRowWithItsLineAndSkipIt() throws Exception {
        // given: a mapping file with columns in another order, an extra column, a short row and a row without ICB
        String mapping = """
                EXTRA,PRACTICE_CODE,PRACTICE_NAME,PCN_CODE,SUB_ICB_LOCATION_CODE,ICB_CODE,ICB_NAME,COMM_REGION_CODE,COMM_REGION_NAME\r
                x,P00001,"SMITH, JONES AND PARTNERS",U1,00L,QE1,"NHS Lancashire and South Cumbria Integrated Care Board",Y62,North West\r
                x,P00002,SHORT ROW\r
                x,P00003,NO ICB,U1,00L,,,Y62,North West\r
                x,P00004,SECOND,U1,00L,QE1,"NHS Lancashire and South Cumbria Integrated Care Board",Y62,North West\r
                x,P00005,THIRD,U1,00L,QE1,"NHS Lancashire and South Cumbria Integrated Care Board",Y62,North West\r
                """;
        String totals = """
                CODE,SEX,AGE,NUMBER_OF_PATIENTS,UNUSED\r
                P00001,ALL,ALL,1000,z\r
                P00001,MALE,ALL,400,z\r
                P00004,ALL,ALL,3000,z\r
                P00009,ALL,ALL,lots,z\r
                """;
        // when
        PracticeDirectory directory = NhsDirectoryLoader.load(new StringReader(mapping), "map.csv", new StringReader(totals), "all.csv");
        // then
        assertThat(directory.practices()).extracting(Practice::code).containsExactly("P00001", "P00004", "P00005");
        assertThat(directory.practice("P00001").orElseThrow().name()).isEqualTo("SMITH, JONES AND PARTNERS");
        assertThat(directory.practice("P00001").orElseThrow().listSize()).isEqualTo(1000);
        assertThat(directory.loadReport().skippedRows()).extracting(DirectoryLoadReport.SkippedRow::file, DirectoryLoadReport.SkippedRow::line)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("all.csv", 5),
                        org.assertj.core.groups.Tuple.tuple("map.csv", 3),
                        org.assertj.core.groups.Tuple.tuple("map.csv", 4));
        // P00005 has no list size: the ICB's median of 1000 and 3000
        assertThat(directory.loadReport().practicesGivenMedianListSize()).containsExactly("P00005");
        assertThat(directory.practice("P00005").orElseThrow().listSize()).isEqualTo(2000);
        assertThat(directory.registeredPatients("QE1")).isEqualTo(6000);
        assertThat(directory.registeredPatients("ENG")).isEqualTo(6000);
    }

    @Test
    void shouldAcceptOlderMonthsNamingCcgAndStpColumns() throws Exception {
        String mapping = "PRACTICE_CODE,PRACTICE_NAME,CCG_CODE,STP_CODE,STP_NAME,COMM_REGION_CODE,COMM_REGION_NAME\n"
                + "P1,ONE,00L,QE1,Lancashire,Y62,North West\n";
        String totals = "CODE,NUMBER_OF_PATIENTS\nP1,1234\n";
        PracticeDirectory directory = NhsDirectoryLoader.load(new StringReader(mapping), "m", new StringReader(totals), "t");
        assertThat(directory.practice("P1").orElseThrow().subIcbCode()).isEqualTo("00L");
        assertThat(directory.practice("P1").orElseThrow().icbCode()).isEqualTo("QE1");
        assertThat(directory.practice("P1").orElseThrow().listSize()).isEqualTo(1234);
    }
}
