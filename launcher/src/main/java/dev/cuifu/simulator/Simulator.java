package dev.cuifu.simulator;

import dev.cuifu.common.phone.PhoneNumbers;
import dev.cuifu.testing.twilio.StubMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Synthetic buyers driving the real system: each places an unpaid order through order-ingest's
 * API, and when the Twilio stub receives an SMS for them ({@link #observe}) they recognise the
 * arm by its text and pay with its probability after a short reaction, through the same API;
 * otherwise the order is closed. A buyer who got no SMS by the latest arm's delay (held out, or
 * skipped) pays with the base probability at that moment, or the order is closed — so a paying
 * held-out buyer pays after the touch they did not get would have been due, as attribution
 * requires.
 */
public final class Simulator implements AutoCloseable {

  /** Tally group of buyers who got no SMS at all. */
  public static final String UNREMINDED = "(unreminded)";
  /** Tally group of buyers whose SMS matched no arm's marker. */
  public static final String UNRECOGNISED = "(unrecognised)";

  private static final Logger log = LoggerFactory.getLogger(Simulator.class);
  private static final Duration RECHECK = Duration.ofSeconds(1);
  /** Rechecks of an order whose SMS is still planned before it counts as unreminded. */
  private static final int MAX_RECHECKS = 120;
  /** How long {@link #drain()} spends paying and closing open orders, so a stop never hangs. */
  private static final Duration DRAIN_LIMIT = Duration.ofSeconds(5);
  /** Events per request when {@link #drain()} closes open orders (order-ingest takes up to 1,000). */
  private static final int DRAIN_BATCH = 200;

  /**
   * How the simulator runs; the buyers' choices are in the {@link BuyerModel}.
   *
   * @param runId makes order ids unique per run (a shop's order ids must be)
   * @param ordersPerSecond how fast new orders are placed
   * @param reactionMin soonest a buyer acts after their SMS (or its absence)
   * @param reactionMax latest a buyer acts; keep it below the next tier's delay, or that touch goes
   *     out first and takes the credit
   * @param grace how long past the latest arm's delay to wait for an SMS before asking the order's
   *     touches
   * @param phoneBase first buyer's phone number, +86 139 followed by this (mod 10⁸) plus the buyer's
   *     index, so every buyer of a run has a number of their own
   */
  public record Settings(
      String runId, double ordersPerSecond, Duration reactionMin, Duration reactionMax, Duration grace, long phoneBase) {

    public Settings {
      if (!(ordersPerSecond > 0 && ordersPerSecond <= 1_000)) {
        throw new IllegalArgumentException("ordersPerSecond must be above 0 and at most 1000, was " + ordersPerSecond);
      }
      if (reactionMax.compareTo(reactionMin) < 0) {
        throw new IllegalArgumentException("reactionMax must not be below reactionMin");
      }
    }
  }

  /** How many buyers of a group acted, and how many of them paid (the simulator's own truth). */
  public record Count(long orders, long paid) {

    Count plus(boolean pays) {
      return new Count(orders + 1, paid + (pays ? 1 : 0));
    }

    public double rate() {
      return orders == 0 ? 0 : (double) paid / orders;
    }
  }

  private enum Stage {
    AWAITING,
    ACTING
  }

  private record Order(BuyerModel.Buyer buyer, String orderId, String phone, Instant createdAt, AtomicReference<Stage> stage) {}

  /** What a buyer who has had their turn will do once their reaction time is up. */
  private record Decision(Order order, String group, boolean pays) {}

  private final ShopClient shop;
  private final BuyerModel model;
  private final Settings settings;
  private final Clock clock;
  private final ScheduledThreadPoolExecutor scheduler;
  private final Map<String, Order> openByPhone = new ConcurrentHashMap<>();
  private final Map<String, Count> counts = new ConcurrentHashMap<>();
  private final Map<String, Decision> decided = new ConcurrentHashMap<>();
  private final AtomicLong nextBuyer = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private volatile ScheduledFuture<?> placing;
  /** Set by {@link #drain()}: buyers no longer react, drain settles every open order itself. */
  private volatile boolean draining;

  public Simulator(ShopClient shop, BuyerModel model, Settings settings, Clock clock) {
    this.shop = shop;
    this.model = model;
    this.settings = settings;
    this.clock = clock;
    AtomicInteger threads = new AtomicInteger();
    this.scheduler =
        new ScheduledThreadPoolExecutor(
            4,
            task -> {
              Thread thread = new Thread(task, "simulator-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Starts placing orders at the settings' rate until {@link #stop()}. */
  public synchronized void start() {
    if (placing == null) {
      long period = Math.round(1_000_000_000 / settings.ordersPerSecond());
      placing = scheduler.scheduleAtFixedRate(() -> guarded("placing an order", this::placeOrder), 0, period, TimeUnit.NANOSECONDS);
    }
  }

  /** Places no more orders; buyers already waiting still act. */
  public synchronized void stop() {
    if (placing != null) {
      placing.cancel(false);
    }
  }

  /** Whether every placed order has been paid or closed. */
  public boolean settled() {
    return openByPhone.isEmpty();
  }

  public long placed() {
    return nextBuyer.get() - rejected.get();
  }

  /** Per arm id (and {@link #UNREMINDED}, {@link #UNRECOGNISED}): buyers who acted and who paid. */
  public Map<String, Count> counts() {
    return new TreeMap<>(counts);
  }

  /** Give it every message the Twilio stub accepts ({@code twilio.onMessage(simulator::observe)}). */
  public void observe(StubMessage sms) {
    Order order = openByPhone.get(sms.to());
    if (order == null || !order.stage().compareAndSet(Stage.AWAITING, Stage.ACTING)) {
      return; // not a simulated buyer, or one who already had their turn
    }
    Optional<Variant> variant = model.recognise(sms.body(), Duration.between(order.createdAt(), clock.instant()));
    if (variant.isEmpty()) {
      log.warn("simulator: SMS {} for order {} matches no arm; the buyer pays with the base probability", sms.sid(), order.orderId());
    }
    act(order, variant.map(Variant::armId).orElse(UNRECOGNISED), variant.map(Variant::probability).orElse(model.baseProbability()));
  }

  private void placeOrder() {
    long index = nextBuyer.getAndIncrement();
    BuyerModel.Buyer buyer = model.buyer(index);
    String phone = phone(settings.phoneBase(), index);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Order order = new Order(buyer, "S" + settings.runId() + "-" + index, phone, now, new AtomicReference<>(Stage.AWAITING));
    openByPhone.put(phone, order);
    String json =
        """
        {"type":"OrderCreated","eventId":"c-%s","orderId":"%s","occurredAt":"%s","buyerId":"sim-%s-%d",
         "buyerPhone":"%s","buyerTimeZone":"Asia/Shanghai","amount":{"minor":%d,"currency":"CNY"},"itemSummary":"%s"}
        """
            .formatted(order.orderId(), order.orderId(), now, settings.runId(), index, phone, buyer.amountMinor(), buyer.item());
    int status = postQuietly(json);
    if (status != 202) {
      openByPhone.remove(phone);
      rejected.incrementAndGet();
      log.warn("simulator: order {} not accepted (HTTP {})", order.orderId(), status);
      return;
    }
    schedule(() -> checkUnreminded(order, 0), model.longestDelay().plus(settings.grace()));
  }

  /** A valid Chinese mobile number (+86 139…), distinct for each index of a run. */
  static String phone(long phoneBase, long index) {
    return "+86139%08d".formatted(Math.floorMod(phoneBase + index, 100_000_000L));
  }

  /** No SMS seen by the latest arm's delay: unreminded once the order's touches say none is coming. */
  private void checkUnreminded(Order order, int rechecks) {
    if (order.stage().get() != Stage.AWAITING) {
      return;
    }
    if (smsMayStillCome(order) && rechecks < MAX_RECHECKS) {
      schedule(() -> checkUnreminded(order, rechecks + 1), RECHECK);
      return;
    }
    if (order.stage().compareAndSet(Stage.AWAITING, Stage.ACTING)) {
      act(order, UNREMINDED, model.baseProbability());
    }
  }

  /** Not consumed yet, or an SMS touch planned, being sent, or sent but not yet seen at the stub. */
  private boolean smsMayStillCome(Order order) {
    JsonNode view;
    try {
      view = shop.get("/api/v1/orders/" + order.orderId() + "/touches");
    } catch (RuntimeException e) {
      return true; // ask again
    }
    if (view == null) {
      return true;
    }
    for (JsonNode touch : view.get("touches")) {
      String state = touch.get("state").asString();
      if ("SMS".equals(touch.get("channel").asString())
          && ("PLANNED".equals(state) || "SENDING".equals(state) || "SENT".equals(state))) {
        return true;
      }
    }
    return false;
  }

  private void act(Order order, String group, double probability) {
    if (draining) {
      return; // the order stays open for drain() to close
    }
    BuyerModel.Buyer buyer = order.buyer();
    boolean pays = buyer.pays(probability);
    Duration spread = settings.reactionMax().minus(settings.reactionMin());
    Duration reaction = settings.reactionMin().plusNanos(Math.round(spread.toNanos() * buyer.reaction()));
    decided.put(order.phone(), new Decision(order, group, pays));
    schedule(() -> finish(order, group, pays), reaction);
  }

  private void finish(Order order, String group, boolean pays) {
    if (decided.remove(order.phone()) == null) {
      return; // already done when the simulator closed
    }
    int status = postQuietly(outcome(order, pays));
    if (status != 202) {
      log.warn("simulator: {} of order {} not accepted (HTTP {}); the buyer tries again", pays ? "payment" : "close", order.orderId(), status);
      decided.put(order.phone(), new Decision(order, group, pays));
      schedule(() -> finish(order, group, pays), RECHECK);
      return;
    }
    settle(order, group, pays);
  }

  /** The buyer's accepted payment or close, in the simulator's own truth. */
  private void settle(Order order, String group, boolean pays) {
    counts.compute(group, (g, count) -> (count == null ? new Count(0, 0) : count).plus(pays));
    openByPhone.remove(order.phone());
    log.debug("simulator: buyer {} ({}) {}", PhoneNumbers.mask(order.phone()), group, pays ? "paid" : "closed the order");
  }

  /** The buyer's OrderPaid or OrderClosed (timeout), stamped now. */
  private String outcome(Order order, boolean pays) {
    String now = clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
    return pays
        ? """
          {"type":"OrderPaid","eventId":"p-%s","orderId":"%s","occurredAt":"%s",
           "amount":{"minor":%d,"currency":"CNY"},"paidAt":"%s"}
          """
            .formatted(order.orderId(), order.orderId(), now, order.buyer().amountMinor(), now)
        : """
          {"type":"OrderClosed","eventId":"x-%s","orderId":"%s","occurredAt":"%s","reason":"TIMEOUT"}
          """
            .formatted(order.orderId(), order.orderId(), now);
  }

  /** The close of an order whose buyer never had their turn. */
  private String stopped(Order order) {
    return """
        {"type":"OrderClosed","eventId":"x-%s","orderId":"%s","occurredAt":"%s","reason":"simulation stopped"}
        """
        .formatted(order.orderId(), order.orderId(), clock.instant().truncatedTo(ChronoUnit.MILLIS));
  }

  /** The answer's status, or -1 when there was none (the buyer tries again). */
  private int postQuietly(String json) {
    try {
      return shop.postEvent(json);
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private void schedule(Runnable task, Duration after) {
    try {
      scheduler.schedule(() -> guarded("a buyer's step", task), after.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // closed: the remaining buyers simply leave
    }
  }

  private static void guarded(String what, Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      // a scheduled task that throws is never run again: log and carry on (the stack may be stopping)
      log.warn("simulator: {} failed: {}", what, e.toString());
    }
  }

  /** What {@link #drain()} did: orders closed unreminded, buyers who acted at once, orders not seen applied. */
  public record Drained(int closed, int acted, int unsettled) {}

  @Override
  public void close() {
    drain();
  }

  /**
   * Stops, and leaves no order open behind it (a restarted demo would otherwise see SMS go out to
   * buyers nobody simulates, counted as sent and never paid): no new order is placed and the one
   * being placed is finished, buyers who have had their turn act at once, orders still waiting
   * for their SMS are closed ("simulation stopped"), which cancels it; then it waits until
   * reminder-service has applied those events (the launcher's broker forgets everything at exit).
   * At most {@link #DRAIN_LIMIT}, so a stop never hangs.
   */
  public Drained drain() {
    draining = true;
    stop();
    // finish the step in hand (an order being placed must be in openByPhone to be closed) and drop
    // the waiting ones: they are done here instead
    scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    scheduler.shutdown();
    try {
      scheduler.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    scheduler.shutdownNow();
    Instant giveUp = clock.instant().plus(DRAIN_LIMIT);
    // every order not finished, whatever its stage (an SMS the stub takes now finds draining set),
    // in batches: one request and one broker transaction per DRAIN_BATCH orders, not per order
    List<Settling> settling = new ArrayList<>();
    for (Order order : List.copyOf(openByPhone.values())) {
      Decision decision = decided.remove(order.phone()); // from here on, no finish() sends it too
      settling.add(
          decision == null
              ? new Settling(order, null, false, stopped(order))
              : new Settling(order, decision.group(), decision.pays(), outcome(order, decision.pays())));
    }
    List<String> drained = new ArrayList<>();
    int acted = 0;
    int closed = 0;
    for (int from = 0; from < settling.size() && clock.instant().isBefore(giveUp); from += DRAIN_BATCH) {
      List<Settling> batch = settling.subList(from, Math.min(settling.size(), from + DRAIN_BATCH));
      for (Settling accepted : send(batch, giveUp)) {
        if (accepted.group() == null) {
          openByPhone.remove(accepted.order().phone());
          closed++;
        } else {
          settle(accepted.order(), accepted.group(), accepted.pays()); // pays or closes, as the buyer decided
          acted++;
        }
        drained.add(accepted.order().orderId());
      }
    }
    // in the order sent, a round ending at the first order not yet applied: the ones after it were
    // sent no earlier, and asking about each of hundreds every round would only slow the consumer
    while (!drained.isEmpty() && clock.instant().isBefore(giveUp)) {
      while (!drained.isEmpty() && clock.instant().isBefore(giveUp) && applied(drained.get(0))) {
        drained.remove(0);
      }
      if (!drained.isEmpty()) {
        sleepBriefly();
      }
    }
    int unsettled = drained.size() + openByPhone.size();
    if (unsettled > 0) {
      log.warn("simulator: stopped with {} orders not settled", unsettled);
    }
    return new Drained(closed, acted, unsettled);
  }

  /** An open order's last event, sent by {@link #drain()}; {@code group} null when it is closed unreminded. */
  private record Settling(Order order, String group, boolean pays, String event) {}

  /**
   * The batch's accepted orders: all of it in one request, retried until {@code giveUp}; a batch
   * refused outright (a buyer's own event sent before with another time, 409) goes one by one.
   */
  private List<Settling> send(List<Settling> batch, Instant giveUp) {
    while (true) {
      int status;
      try {
        status = shop.postEvents(batch.stream().map(Settling::event).toList());
      } catch (RuntimeException e) {
        status = -1;
      }
      if (status == 202) {
        return batch;
      }
      if (status >= 400 && status < 500) {
        log.warn("simulator: a batch of {} closing events was refused (HTTP {}); sending them one by one", batch.size(), status);
        return batch.stream().filter(settling -> postQuietly(settling.event()) == 202).toList();
      }
      if (!clock.instant().isBefore(giveUp)) {
        return List.of();
      }
      sleepBriefly();
    }
  }

  /** Whether reminder-service has the order paid or closed. */
  private boolean applied(String orderId) {
    try {
      JsonNode view = shop.get("/api/v1/orders/" + orderId + "/touches");
      return view != null && !"UNPAID".equals(view.get("status").asString());
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
