package uk.nhs.impactmonitor.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Four practices in NHS England's published file format, so the stack loads them through the real loader:
 * P1 (10,000 patients) and P2 (5,000) in ICB QE1, P3 (6,000) in QOP — both North West (Y62) — and P4 (4,000)
 * in QHM, North East and Yorkshire (Y63).
 */
public final class TinyDirectory {

    static final String MAP_HEADER = "PUBLICATION,EXTRACT_DATE,PRACTICE_CODE,PRACTICE_NAME,PRACTICE_POSTCODE,PCN_CODE,PCN_NAME,"
            + "ONS_SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_NAME,ONS_ICB_CODE,ICB_CODE,ICB_NAME,"
            + "ONS_COMM_REGION_CODE,COMM_REGION_CODE,COMM_REGION_NAME,SUPPLIER_NAME";

    private TinyDirectory() {
    }

    public static Path[] write(Path dir) throws IOException {
        Path map = dir.resolve("gp-reg-pat-prac-map.csv");
        Files.writeString(map, MAP_HEADER + "\r\n"
                + row("P00001", "QE1", "E54000048", "NHS Lancashire and South Cumbria Integrated Care Board", "Y62", "E40000014", "North West")
                + row("P00002", "QE1", "E54000048", "NHS Lancashire and South Cumbria Integrated Care Board", "Y62", "E40000014", "North West")
                + row("P00003", "QOP", "E54000057", "NHS Greater Manchester Integrated Care Board", "Y62", "E40000014", "North West")
                + row("P00004", "QHM", "E54000050", "NHS North East and North Cumbria Integrated Care Board", "Y63", "E40000012",
                "North East and Yorkshire"));
        Path totals = dir.resolve("gp-reg-pat-prac-all.csv");
        Files.writeString(totals, "PUBLICATION,EXTRACT_DATE,TYPE,SUB_ICB_LOCATION_CODE,ONS_SUB_ICB_LOCATION_CODE,CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS\r\n"
                + "GP_PRAC_PAT_LIST,2026-02-01,GP,00L,E38000001,P00001,AB1 2CD,ALL,ALL,10000\r\n"
                + "GP_PRAC_PAT_LIST,2026-02-01,GP,00L,E38000001,P00002,AB1 2CD,ALL,ALL,5000\r\n"
                + "GP_PRAC_PAT_LIST,2026-02-01,GP,00L,E38000001,P00003,AB1 2CD,ALL,ALL,6000\r\n"
                + "GP_PRAC_PAT_LIST,2026-02-01,GP,00L,E38000001,P00004,AB1 2CD,ALL,ALL,4000\r\n");
        return new Path[] {map, totals};
    }

    private static String row(String code, String icb, String onsIcb, String icbName, String region, String onsRegion, String regionName) {
        return "GP_PRAC_PAT_LIST,01Oct2025," + code + ",PRACTICE " + code + ",AB1 2CD,U00001,SOME PCN,E38000001,00L,\"Sub-ICB, 00L\","
                + onsIcb + "," + icb + ",\"" + icbName + "\"," + onsRegion + "," + region + "," + regionName + ",EMIS\r\n";
    }
}
