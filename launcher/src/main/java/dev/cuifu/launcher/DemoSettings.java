package dev.cuifu.launcher;

/**
 * The launcher's demo mode ({@code --demo} or {@code -Dcuifu.local.demo=true}): an experiment of
 * three wordings on the demo shop and simulated buyers, so the dashboard has something to show.
 *
 * @param enabled whether to run it
 * @param ordersPerSecond how fast the simulated buyers place orders ({@code demo-rate})
 * @param minSamplePerArm the experiment's minimum sample per arm, small so it converges in minutes
 *     ({@code demo-min-sample})
 * @param seed the simulated buyers' and the experiment's seed ({@code demo-seed})
 */
public record DemoSettings(boolean enabled, double ordersPerSecond, int minSamplePerArm, long seed) {

  public static DemoSettings fromSystemPropertiesAnd(String[] args) {
    boolean flag = java.util.Arrays.asList(args).contains("--demo");
    return new DemoSettings(
        flag || Boolean.getBoolean("cuifu.local.demo"),
        Double.parseDouble(System.getProperty("cuifu.local.demo-rate", "2")),
        Integer.getInteger("cuifu.local.demo-min-sample", 40),
        Long.getLong("cuifu.local.demo-seed", 42));
  }
}
