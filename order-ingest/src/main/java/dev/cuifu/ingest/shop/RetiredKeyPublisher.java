package dev.cuifu.ingest.shop;

import dev.cuifu.ingest.config.IngestProperties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Every {@code retire-check}, publishes the shops whose rotated-out keys reached the end of their
 * overlap, so that reminder-service stops taking them too. Any instance may do it: a repeated
 * ShopUpdated carries the same state.
 */
@Component
class RetiredKeyPublisher implements InitializingBean, DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(RetiredKeyPublisher.class);

  private final ShopService shops;
  private final IngestProperties properties;
  private final ScheduledExecutorService loop =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "retired-api-keys");
        thread.setDaemon(true);
        return thread;
      });

  RetiredKeyPublisher(ShopService shops, IngestProperties properties) {
    this.shops = shops;
    this.properties = properties;
  }

  @Override
  public void afterPropertiesSet() {
    long period = properties.apiKeys().retireCheck().toMillis();
    loop.scheduleWithFixedDelay(this::publish, period, period, TimeUnit.MILLISECONDS);
  }

  private void publish() {
    try {
      shops.publishRetiredKeys();
    } catch (RuntimeException e) {
      log.warn("retired api keys not published yet: {}", e.getClass().getSimpleName());
    }
  }

  @Override
  public void destroy() {
    loop.shutdownNow();
  }
}
