package dev.cuifu.reminder.script;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The script library's defaults; a shop changes its own through {@code PUT /api/v1/scripts/settings}.
 *
 * @param smsMaxSegments segments an SMS script may take when rendered with the longest values,
 *     unless the shop chose otherwise: 2 is 134 Chinese or 306 GSM-7 characters, and every
 *     segment is billed
 * @param locale the language of the scripts used for a shop that has not chosen one
 * @param itemLength characters of the item name a message shows; a longer name is cut with an
 *     ellipsis
 * @param maxTextLength characters a script's text may have (chat and phone scripts have no
 *     segment limit)
 */
@Validated
@ConfigurationProperties("cuifu.reminder.scripts")
record ScriptProperties(
    @DefaultValue("2") @Min(1) @Max(MAX_SEGMENTS) int smsMaxSegments,
    @DefaultValue("zh-CN") @NotNull @Pattern(regexp = "zh-CN|en") String locale,
    @DefaultValue("20") @Min(5) @Max(100) int itemLength,
    @DefaultValue("1000") @Min(100) @Max(10_000) int maxTextLength) {

  /** The most segments a shop may allow (10 UCS-2 segments are 670 characters). */
  static final int MAX_SEGMENTS = 10;

  ScriptLocale defaultLocale() {
    return ScriptLocale.fromTag(locale).orElseThrow();
  }
}
