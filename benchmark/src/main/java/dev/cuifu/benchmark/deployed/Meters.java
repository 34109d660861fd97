package dev.cuifu.benchmark.deployed;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every process's meter, the phases closed on all of them at once, and a sampler that notes
 * PostgreSQL's resident set each second (a JVM's peak the kernel keeps itself).
 */
final class Meters implements AutoCloseable {

  private final List<ProcessMeter> meters = new CopyOnWriteArrayList<>();
  private final Thread sampler;
  private long phaseStart;
  private volatile boolean running = true;

  Meters() {
    this.phaseStart = System.nanoTime();
    this.sampler = new Thread(this::sampleEachSecond, "as-deployed-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  private void sampleEachSecond() {
    while (running) {
      meters.forEach(ProcessMeter::sample);
      try {
        Thread.sleep(Duration.ofSeconds(1).toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  void add(ProcessMeter meter) {
    meters.add(meter);
    meter.sample();
  }

  List<ProcessMeter> all() {
    return List.copyOf(meters);
  }

  /** Closes the phase begun at the last call (or at construction) on every process. */
  void endPhase(String phase) {
    meters.forEach(ProcessMeter::sample);
    long now = System.nanoTime();
    for (ProcessMeter meter : meters) {
      meter.endPhase(phase, now - phaseStart);
    }
    phaseStart = now;
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
  }
}
