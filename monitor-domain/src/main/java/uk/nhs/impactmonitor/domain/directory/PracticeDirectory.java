package uk.nhs.impactmonitor.domain.directory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which practices exist, where they sit (practice → ICB → region → England) and their registered
 * list sizes. Immutable; built by {@link NhsDirectoryLoader} from NHS England's published files or by
 * {@link SyntheticDirectory} for a local run without them.
 */
public final class PracticeDirectory {

    private final Map<String, Practice> practices;
    private final Map<String, Area> areas;
    private final Map<String, List<Practice>> practicesByArea;
    private final Map<String, Long> registeredPatientsByArea;
    private final DirectoryLoadReport loadReport;

    public PracticeDirectory(Collection<Practice> practices, Collection<Area> areas, DirectoryLoadReport loadReport) {
        Map<String, Practice> byCode = new LinkedHashMap<>();
        practices.forEach(p -> byCode.put(p.code(), p));
        this.practices = Collections.unmodifiableMap(byCode);

        Map<String, Area> areasByCode = new LinkedHashMap<>();
        areasByCode.put(Area.ENGLAND, new Area(Area.ENGLAND, "England", AreaKind.COUNTRY, null, "E92000001"));
        areas.stream().filter(a -> a.kind() == AreaKind.REGION).forEach(a -> areasByCode.put(a.code(), a));
        areas.stream().filter(a -> a.kind() == AreaKind.ICB).forEach(a -> areasByCode.put(a.code(), a));
        this.areas = Collections.unmodifiableMap(areasByCode);

        Map<String, List<Practice>> members = new LinkedHashMap<>();
        Map<String, Long> patients = new LinkedHashMap<>();
        areasByCode.keySet().forEach(code -> {
            members.put(code, new ArrayList<>());
            patients.put(code, 0L);
        });
        for (Practice practice : byCode.values()) {
            for (String area : List.of(practice.icbCode(), practice.regionCode(), Area.ENGLAND)) {
                List<Practice> list = members.get(area);
                if (list == null) {
                    throw new IllegalArgumentException("practice " + practice.code() + " is in unknown area " + area);
                }
                list.add(practice);
                patients.merge(area, (long) practice.listSize(), Long::sum);
            }
        }
        members.replaceAll((code, list) -> List.copyOf(list));
        this.practicesByArea = Collections.unmodifiableMap(members);
        this.registeredPatientsByArea = Collections.unmodifiableMap(patients);
        this.loadReport = loadReport;
    }

    public Optional<Practice> practice(String code) {
        return Optional.ofNullable(code == null ? null : practices.get(code));
    }

    public boolean isKnownPractice(String code) {
        return code != null && practices.containsKey(code);
    }

    public Collection<Practice> practices() {
        return practices.values();
    }

    /** England first, then the regions, then the ICBs. */
    public Collection<Area> areas() {
        return areas.values();
    }

    public Optional<Area> area(String code) {
        return Optional.ofNullable(code == null ? null : areas.get(code));
    }

    /** P(A): the practices in an area (empty for an unknown area). */
    public List<Practice> practicesIn(String areaCode) {
        return practicesByArea.getOrDefault(areaCode, List.of());
    }

    /** Σ list(p) over P(A). */
    public long registeredPatients(String areaCode) {
        return registeredPatientsByArea.getOrDefault(areaCode, 0L);
    }

    /** The areas a practice counts in, smallest first: its ICB, its region, England. */
    public List<String> areasOf(String practiceCode) {
        Practice practice = practices.get(practiceCode);
        return practice == null ? List.of() : List.of(practice.icbCode(), practice.regionCode(), Area.ENGLAND);
    }

    /** Whether {@code areaCode} is the practice's ICB or region, or England. */
    public boolean isPracticeIn(String practiceCode, String areaCode) {
        return areasOf(practiceCode).contains(areaCode);
    }

    /** Whether area {@code inner} is {@code outer} or lies inside it (an ICB inside its region, anything inside England). */
    public boolean isWithin(String inner, String outer) {
        Area area = areas.get(inner);
        while (area != null) {
            if (area.code().equals(outer)) {
                return true;
            }
            area = area.parent() == null ? null : areas.get(area.parent());
        }
        return false;
    }

    public DirectoryLoadReport loadReport() {
        return loadReport;
    }
}
