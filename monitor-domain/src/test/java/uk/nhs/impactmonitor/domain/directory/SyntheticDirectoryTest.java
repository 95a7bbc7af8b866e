package uk.nhs.impactmonitor.domain.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.domain.SharedData;

class SyntheticDirectoryTest {

    @Test
    void shouldHaveThe42IcbsAnd7RegionsOfEngland() {
        PracticeDirectory synthetic = SyntheticDirectory.build();
        assertThat(synthetic.areas().stream().filter(a -> a.kind() == AreaKind.ICB)).hasSize(42);
        assertThat(synthetic.areas().stream().filter(a -> a.kind() == AreaKind.REGION).map(Area::code))
                .containsExactlyInAnyOrder("Y56", "Y58", "Y59", "Y60", "Y61", "Y62", "Y63");
        assertThat(synthetic.practices()).hasSize(6202);
        assertThat(synthetic.area("QE1").orElseThrow().parent()).isEqualTo("Y62");
        assertThat(synthetic.area("QE1").orElseThrow().name()).isEqualTo("NHS Lancashire and South Cumbria Integrated Care Board");
        assertThat(synthetic.area("QOX").orElseThrow().name())
                .isEqualTo("NHS Bath and North East Somerset, Swindon and Wiltshire Integrated Care Board");
    }

    @Test
    void shouldFollowTheRealCountsAndSizesPerIcb() {
        PracticeDirectory synthetic = SyntheticDirectory.build();
        // from ../shared/data/README.md: QOP has 406 practices and 3,311,654 patients; QE1 197 and 1,873,022
        assertThat(synthetic.practicesIn("QOP")).hasSize(406);
        assertThat(synthetic.registeredPatients("QOP")).isCloseTo(3_311_654L, org.assertj.core.data.Percentage.withPercentage(0.1));
        assertThat(synthetic.practicesIn("QE1")).hasSize(197);
        assertThat(synthetic.registeredPatients("QE1")).isCloseTo(1_873_022L, org.assertj.core.data.Percentage.withPercentage(0.1));
        assertThat(synthetic.registeredPatients("ENG")).isCloseTo(63_789_531L, org.assertj.core.data.Percentage.withPercentage(0.5));
        List<Integer> qe1 = synthetic.practicesIn("QE1").stream().map(Practice::listSize).sorted().toList();
        assertThat(qe1.get(qe1.size() / 2)).isBetween(6_000, 11_000); // real median 8,370
    }

    @Test
    void shouldBeDeterministic() {
        PracticeDirectory first = SyntheticDirectory.build();
        PracticeDirectory second = SyntheticDirectory.build();
        assertThat(List.copyOf(second.practices())).isEqualTo(List.copyOf(first.practices()));
        assertThat(List.copyOf(second.areas())).isEqualTo(List.copyOf(first.areas()));
        assertThat(first.practice("Z00001")).isPresent();
    }

    @Test
    void shouldUseTheSameAreaCodesAsTheRealDirectory() throws Exception {
        Optional<Path> practices = SharedData.dataFile(SharedData.PRACTICES_FILE);
        Optional<Path> sizes = SharedData.dataFile(SharedData.LIST_SIZES_FILE);
        org.junit.jupiter.api.Assumptions.assumeTrue(practices.isPresent() && sizes.isPresent(),
                "NHS England's reference files are not in ../shared/data");
        PracticeDirectory real = NhsDirectoryLoader.load(practices.get(), sizes.get());
        PracticeDirectory synthetic = SyntheticDirectory.build();
        Set<String> realAreas = real.areas().stream().map(a -> a.code() + "<" + a.parent()).collect(Collectors.toSet());
        Set<String> syntheticAreas = synthetic.areas().stream().map(a -> a.code() + "<" + a.parent()).collect(Collectors.toSet());
        assertThat(syntheticAreas).isEqualTo(realAreas);
        for (Area icb : real.areas()) {
            assertThat(synthetic.practicesIn(icb.code())).as(icb.code()).hasSameSizeAs(real.practicesIn(icb.code()));
        }
    }
}
