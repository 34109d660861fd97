package dev.cuifu.reminder.script;

import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The languages scripts are written in; each knows how it lists things and writes a deadline. */
public enum ScriptLocale {
  ZH_CN("zh-CN", "、", "合计 %s", "亲", DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.SIMPLIFIED_CHINESE)),
  EN("en", ", ", "%s in total", "there", DateTimeFormatter.ofPattern("MMM d, HH:mm", Locale.ENGLISH));

  private final String tag;
  private final String listSeparator;
  private final String totalPattern;
  private final String anonymousBuyer;
  private final DateTimeFormatter deadline;

  ScriptLocale(String tag, String listSeparator, String totalPattern, String anonymousBuyer, DateTimeFormatter deadline) {
    this.tag = tag;
    this.listSeparator = listSeparator;
    this.totalPattern = totalPattern;
    this.anonymousBuyer = anonymousBuyer;
    this.deadline = deadline;
  }

  /** BCP 47 tag, as the API writes it. */
  public String tag() {
    return tag;
  }

  String listSeparator() {
    return listSeparator;
  }

  String total(String amount) {
    return totalPattern.formatted(amount);
  }

  /** What {buyerName} renders as while orders carry no buyer name. */
  String anonymousBuyer() {
    return anonymousBuyer;
  }

  DateTimeFormatter deadline() {
    return deadline;
  }

  static Optional<ScriptLocale> fromTag(String value) {
    return Arrays.stream(values()).filter(l -> l.tag.equals(value)).findFirst();
  }
}
