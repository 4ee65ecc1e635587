import java.io.File;
import java.nio.charset.StandardCharsets;
import org.deidentifier.arx.*;
import org.deidentifier.arx.AttributeType.Hierarchy;
import org.deidentifier.arx.criteria.*;
import org.deidentifier.arx.metric.Metric;
import org.deidentifier.arx.aggregates.StatisticsEquivalenceClasses;

/*
 * RunAdult - ARX's side of docs/PRIVACY-MODELS.md ("Comparison with ARX on UCI Adult"):
 * runs ARX on its own data/adult.csv with its data/adult_hierarchy_*.csv files and prints
 * the global optimum (level per quasi-identifier), suppressed rows, classes, the score and
 * the transformations checked. Built and run by bench/risk-adult-arx against an ARX
 * checkout; uses ARX's public API only.
 *
 * args: DATADIR QIS(comma) METRIC(nue|prec|dm|aecs|loss) SUPP [l=COL:N] [t=COL:X]
 */
public class RunAdult {
    public static void main(String[] a) throws Exception {
        String dir = a[0];
        String[] qis = a[1].split(",");
        String metric = a[2];
        double supp = Double.parseDouble(a[3]);
        Data data = Data.create(new File(dir, "adult.csv"), StandardCharsets.UTF_8, ';');
        DataDefinition def = data.getDefinition();
        String[] all = {"sex","age","race","marital-status","education","native-country","workclass","occupation","salary-class"};
        for (String c : all) def.setAttributeType(c, AttributeType.INSENSITIVE_ATTRIBUTE);
        for (String q : qis)
            def.setAttributeType(q, Hierarchy.create(new File(dir, "adult_hierarchy_" + q + ".csv"), StandardCharsets.UTF_8, ';'));
        ARXConfiguration config = ARXConfiguration.create();
        config.addPrivacyModel(new KAnonymity(5));
        for (int i = 4; i < a.length; i++) {
            String[] kv = a[i].substring(2).split(":");
            def.setAttributeType(kv[0], AttributeType.SENSITIVE_ATTRIBUTE);
            if (a[i].startsWith("l=")) config.addPrivacyModel(new DistinctLDiversity(kv[0], Integer.parseInt(kv[1])));
            else config.addPrivacyModel(new EqualDistanceTCloseness(kv[0], Double.parseDouble(kv[1])));
        }
        config.setSuppressionLimit(supp);
        Metric<?> m;
        switch (metric) {
            case "nue": m = Metric.createEntropyMetric(); break;
            case "prec": m = Metric.createPrecisionMetric(); break;
            case "dm": m = Metric.createDiscernabilityMetric(); break;
            case "aecs": m = Metric.createAECSMetric(); break;
            default: m = Metric.createLossMetric(); break;
        }
        config.setQualityModel(m);
        Runtime rt = Runtime.getRuntime();
        long t0 = System.nanoTime();
        ARXResult res = new ARXAnonymizer().anonymize(data, config);
        long t1 = System.nanoTime();
        ARXLattice.ARXNode node = res.getGlobalOptimum();
        if (node == null) { System.out.println("no solution"); return; }
        StringBuilder lv = new StringBuilder();
        String[] hq = node.getQuasiIdentifyingAttributes();
        int[] tr = node.getTransformation();
        for (String q : qis) for (int i = 0; i < hq.length; i++) if (hq[i].equals(q)) lv.append(q).append('=').append(tr[i]).append(' ');
        DataHandle out = res.getOutput(node, false);
        int sup = 0;
        for (int r = 0; r < out.getNumRows(); r++) if (out.isOutlier(r)) sup++;
        StatisticsEquivalenceClasses ec = out.getStatistics().getEquivalenceClassStatistics();
        System.out.printf("levels: %s%nsuppressed: %d%nclasses: %d%nminclass: %d%nscore(%s): %s%nchecked: %d of %s%ntime_ms: %.0f%nheap_mb: %.0f%n",
            lv.toString().trim(), sup, ec.getNumberOfEquivalenceClasses(), ec.getMinimalEquivalenceClassSize(),
            metric, node.getHighestScore(), res.getProcessStatistics().getTransformationsChecked(),
            res.getProcessStatistics().getTransformationsAvailable(), (t1 - t0) / 1e6,
            (rt.totalMemory() - rt.freeMemory()) / 1048576.0);
    }
}
