package dev.cuifu.launcher;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar launcher/target/cuifu-local.jar}: the whole system on embedded defaults, a demo
 * shop, and a curl command to paste; with {@code --demo}, also an experiment fed by simulated
 * buyers ({@link DemoMode}). Ctrl-C stops everything.
 */
public final class CuifuLocal {

  private CuifuLocal() {}

  public static void main(String[] args) throws InterruptedException {
    LauncherSettings settings = LauncherSettings.fromSystemProperties();
    DemoSettings demoSettings = DemoSettings.fromSystemPropertiesAnd(args);
    if (demoSettings.enabled()) {
      quietPerOrderLogs();
    }
    // the apps stop from this launcher's hook, in order (the simulator's open orders ended first,
    // the apps before the broker and PostgreSQL), instead of from Spring's own hooks at the same
    // moment: PostgreSQL gone under a running Quartz kept the JVM from ever exiting
    System.setProperty("spring.main.register-shutdown-hook", "false");
    long started = System.nanoTime();
    LocalStack stack = LocalStack.start(settings);
    DemoMode demo = demoSettings.enabled() ? startDemo(stack, demoSettings) : null;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (demo != null) {
                    demo.close();
                  }
                  stack.close();
                  stopped.countDown();
                },
                "cuifu-local-stop"));
    System.out.println(banner(stack, (System.nanoTime() - started) / 1_000_000_000.0));
    if (demo != null) {
      System.out.println(demo.banner(stack));
    }
    stopped.await();
  }

  /**
   * Simulated buyers make several log lines a second (accepted, planned, sent, each SMS at the stub)
   * that would bury the demo's progress lines; warnings still show. Settings given on the command
   * line ({@code -Dlogging.level.dev.cuifu=INFO}) win.
   */
  private static void quietPerOrderLogs() {
    for (String logger : new String[] {"dev.cuifu.ingest", "dev.cuifu.reminder", "dev.cuifu.launcher.LocalStack"}) {
      String key = "logging.level." + logger;
      if (System.getProperty(key) == null && System.getProperty("logging.level.dev.cuifu") == null) {
        System.setProperty(key, "WARN");
      }
    }
  }

  private static DemoMode startDemo(LocalStack stack, DemoSettings settings) {
    System.out.println("demo mode: creating the experiment's scripts and the experiment on the demo shop");
    try {
      return DemoMode.start(stack, settings);
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  static String banner(LocalStack stack, double seconds) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String key = stack.demoApiKey();
    return """

        ============================================================================
         Cuifu is running (started in %.1f s). Data: %s
           order-ingest      %s   (OpenAPI: /swagger-ui.html)
           reminder-service  %s   (health: /actuator/health)
           Twilio stub       %s/_stub/messages
           chat webhook stub %s   (deliveries are logged)
           Kafka             %s
           PostgreSQL        %s (user postgres)
         Demo shop '%s': SMS %s after an unpaid order, a phone task at the same time
         for orders of 500.00 or more, a chat message twice as late.
           API key:          %s
           operator token:   %s   (also the Bearer token of /actuator/prometheus)
         Phone agents' page: %s
           sign in as %s, password %s (role SHOP_ADMIN)

         Post an unpaid order; watch the SMS, the phone task and the chat arrive:

        curl -i -X POST %s/api/v1/events \\
          -H 'X-Api-Key: %s' -H 'Content-Type: application/json' \\
          -d '{"type":"OrderCreated","eventId":"evt-1001","orderId":"A1001","occurredAt":"%s","buyerId":"buyer-1","buyerPhone":"+8613800138000","chatHandle":"wangwang:tb_buyer_1","buyerTimeZone":"Asia/Shanghai","amount":{"minor":88800,"currency":"CNY"},"itemSummary":"羊绒大衣"}'

        curl -s %s/api/v1/orders/A1001/timeline -H 'X-Api-Key: %s'
        curl -s %s/api/v1/phone-tasks -H 'X-Api-Key: %s'

         Pay it, and whatever has not gone out is cancelled (pay at once: nothing is sent):

        curl -i -X POST %s/api/v1/events \\
          -H 'X-Api-Key: %s' -H 'Content-Type: application/json' \\
          -d '{"type":"OrderPaid","eventId":"evt-1002","orderId":"A1001","occurredAt":"%s","amount":{"minor":88800,"currency":"CNY"},"paidAt":"%s"}'
        ============================================================================
        """
        .formatted(
            seconds,
            stack.settings().dataDir(),
            stack.ingestUrl(),
            stack.reminderUrl(),
            stack.twilio().baseUrl(),
            stack.chat().url(),
            stack.kafkaBootstrapServers(),
            stack.postgresJdbcUrl(),
            LocalStack.DEMO_SHOP,
            stack.settings().demoSmsDelay(),
            key,
            stack.operatorToken(),
            stack.agentPageUrl(),
            LocalStack.DEMO_AGENT,
            stack.demoAgentPassword(),
            stack.ingestUrl(),
            key,
            now,
            stack.reminderUrl(),
            key,
            stack.reminderUrl(),
            key,
            stack.ingestUrl(),
            key,
            now,
            now);
  }
}
