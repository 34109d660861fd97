package dev.cuifu.launcher;

/**
 * The launcher's demo mode ({@code --demo}, {@code --demo=<scenario>} or {@code
 * -Dcuifu.local.demo=true}): an experiment on a shop of its own and simulated buyers, so the
 * dashboard has something to show.
 *
 * @param enabled whether to run it
 * @param scenario what the buyers do ({@code --demo=<id>} or {@code demo-scenario}; default {@code
 *     three-wordings}): see {@link DemoScenario}
 * @param ordersPerSecond how fast the simulated buyers place orders ({@code demo-rate})
 * @param minSamplePerArm the experiment's minimum sample per arm, small so it converges in minutes
 *     ({@code demo-min-sample})
 * @param seed the simulated buyers' and the experiment's seed ({@code demo-seed})
 */
public record DemoSettings(boolean enabled, DemoScenario scenario, double ordersPerSecond, int minSamplePerArm, long seed) {

  private static final String FLAG = "--demo";

  /** From the command line and the {@code cuifu.local.demo*} properties; an unknown scenario is refused with the list. */
  public static DemoSettings fromSystemPropertiesAnd(String[] args) {
    String scenario = System.getProperty("cuifu.local.demo-scenario");
    boolean flag = false;
    for (String arg : args) {
      if (arg.equals(FLAG)) {
        flag = true;
      } else if (arg.startsWith(FLAG + "=")) {
        flag = true;
        scenario = arg.substring(FLAG.length() + 1);
      }
    }
    return new DemoSettings(
        flag || Boolean.getBoolean("cuifu.local.demo") || scenario != null,
        scenario == null ? DemoScenario.DEFAULT : DemoScenario.of(scenario),
        Double.parseDouble(System.getProperty("cuifu.local.demo-rate", "6")),
        Integer.getInteger("cuifu.local.demo-min-sample", 40),
        Long.getLong("cuifu.local.demo-seed", 42));
  }
}
