package dev.cuifu.reminder.shop;

import dev.cuifu.common.event.ShopUpdated;
import dev.cuifu.common.kafka.JsonSerde;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Keeps the shop replica current from the compacted shops topic. */
@Component
class ShopUpdatesListener {

  private static final Logger log = LoggerFactory.getLogger(ShopUpdatesListener.class);

  private final Deserializer<ShopUpdated> deserializer = JsonSerde.deserializer(ShopUpdated.class);
  private final ShopDirectory shops;

  ShopUpdatesListener(ShopDirectory shops) {
    this.shops = shops;
  }

  @KafkaListener(
      id = "shop-updates",
      topics = "${cuifu.reminder.events.shops-topic:" + dev.cuifu.common.kafka.Topics.SHOPS + "}",
      groupId = "${cuifu.reminder.events.consumer-group:reminder-service}.shops",
      containerFactory = "shopsContainerFactory")
  void onShopUpdated(ConsumerRecord<String, byte[]> record) {
    if (record.value() == null) {
      return; // a tombstone: shops are never deleted here yet
    }
    ShopUpdated shop;
    try {
      shop = deserializer.deserialize(record.topic(), record.value());
    } catch (SerializationException e) {
      log.error("skipping undecodable shop record key={} offset={}: {}", record.key(), record.offset(), e.getMessage());
      return;
    }
    shops.upsert(shop);
    log.info(
        "shop {} updated: sms delay {}, zone {}, phone region {}",
        shop.shopId(), shop.smsDelay(), shop.timeZone(), shop.phoneRegion());
  }
}
