package dev.cuifu.common.kafka;

/** Default topic names; each service can override them (tests use one set per test class). */
public final class Topics {

  /** Order events keyed by {@code shopId/orderId}. */
  public static final String ORDERS = "cuifu.orders.v1";

  /** Order records that could not be decoded or validated, with the reason in headers. */
  public static final String ORDERS_DEAD_LETTER = "cuifu.orders.v1.dlt";

  /** Compacted: the latest {@code ShopUpdated} per shop id. */
  public static final String SHOPS = "cuifu.shops.v1";

  /** Phone-task events for external call-centre tools, keyed by {@code shopId/orderId}. */
  public static final String PHONE_TASKS = "cuifu.phone-tasks.v1";

  /** Changes to shops' experiments (created, arm pinned or retired, winner recorded, auto-applied, stopped), keyed by {@code shopId/experimentId}. */
  public static final String EXPERIMENTS = "cuifu.experiments.v1";

  private Topics() {}
}
