package dev.cuifu.launcher.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/** Drops what a component abandoned by a stop during start-up ({@link Writer#abandon}) logs. */
public final class AbandonedWriterFilter extends TurboFilter {

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    return Writer.currentIsAbandoned() ? FilterReply.DENY : FilterReply.NEUTRAL;
  }
}
