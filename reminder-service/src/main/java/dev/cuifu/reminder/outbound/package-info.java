/**
 * Calls to URLs a shop chose (chat webhook, stock check): {@link dev.cuifu.reminder.outbound.OutboundGuard}
 * decides which targets may be reached — https to public addresses, checked after DNS resolution,
 * plus the hosts an operator allow-lists — and {@link dev.cuifu.reminder.outbound.OutboundHttp}
 * connects only to the address it checked, so a shop cannot make the service probe its own network.
 */
package dev.cuifu.reminder.outbound;
