package dev.cuifu.ingest.shop;

import java.util.Optional;

/**
 * The region a shop's buyer numbers without + and country code are read in ({@code CN}), or none:
 * then only numbers in international form are accepted.
 */
@FunctionalInterface
public interface PhoneRegions {

  Optional<String> of(String shopId);
}
