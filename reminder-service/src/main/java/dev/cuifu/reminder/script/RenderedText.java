package dev.cuifu.reminder.script;

/**
 * A rendered message and where its wording came from.
 *
 * @param scriptId the shop's script, or null for Cuifu's default wording
 * @param version the script's version that was rendered, or null for the default
 */
public record RenderedText(String text, Long scriptId, Integer version) {}
