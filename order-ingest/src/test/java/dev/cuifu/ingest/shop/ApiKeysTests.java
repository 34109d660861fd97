package dev.cuifu.ingest.shop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiKeysTests {

  @Test
  void keysAreRandomPrefixedAndUrlSafe() {
    String key = ApiKeys.generate();
    assertThat(key).startsWith("cf_").hasSize(3 + 43).matches("cf_[A-Za-z0-9_-]{43}");
    assertThat(ApiKeys.generate()).isNotEqualTo(key);
  }

  @Test
  void onlyTheHexDigestIsKept() {
    assertThat(ApiKeys.sha256Hex("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void secretsCompareByValue() {
    assertThat(ApiKeys.constantTimeEquals("operator-token-1", "operator-token-1")).isTrue();
    assertThat(ApiKeys.constantTimeEquals("operator-token-1", "operator-token-2")).isFalse();
    assertThat(ApiKeys.constantTimeEquals("operator-token-1", "operator")).isFalse();
    assertThat(ApiKeys.constantTimeEquals("operator-token-1", null)).isFalse();
  }
}
